# Linux packaging (issue 6): what `cmake --install` puts under the prefix, and a CPack DEB.
#   cmake --preset release && cmake --build --preset release && (cd build/release && cpack -G DEB)
# gives sendcheck_<version>_<arch>.deb with
#   /usr/bin/sendcheck, /usr/bin/sendcheck-host                (host/CMakeLists.txt installs them)
#   /usr/lib/mozilla/native-messaging-hosts/sendcheck.json     (from manifests/sendcheck.json.in)
#   /usr/share/sendcheck/sendcheck.xpi                         (scripts/build-xpi.sh; needs zip)
#   /usr/share/doc/sendcheck/examples/{policy,thunderbird-policies}.json
# /etc/sendcheck/ is made by postinst (empty; the administrator writes policy.json) and removed by
# `dpkg --purge` only when empty. Override the version with -DCPACK_PACKAGE_VERSION=X.Y.Z.

set(SENDCHECK_PACKAGE_PREFIX "/usr" CACHE STRING "Install prefix inside the .deb")
set(SENDCHECK_PACKAGE_HOST_PATH "${SENDCHECK_PACKAGE_PREFIX}/bin/sendcheck-host")

# The system-wide native messaging manifest, filled in at configure time.
set(SENDCHECK_HOST_PATH "${SENDCHECK_PACKAGE_HOST_PATH}")
configure_file("${PROJECT_SOURCE_DIR}/manifests/sendcheck.json.in"
               "${PROJECT_BINARY_DIR}/packaging/sendcheck.json" @ONLY)
unset(SENDCHECK_HOST_PATH)
install(FILES "${PROJECT_BINARY_DIR}/packaging/sendcheck.json"
        DESTINATION lib/mozilla/native-messaging-hosts)

# The Thunderbird add-on.
find_program(SENDCHECK_ZIP zip)
if(SENDCHECK_ZIP)
  file(GLOB_RECURSE _sendcheck_xpi_sources CONFIGURE_DEPENDS
       "${PROJECT_SOURCE_DIR}/extension/thunderbird/*" "${PROJECT_SOURCE_DIR}/extension/shared/*")
  list(FILTER _sendcheck_xpi_sources EXCLUDE REGEX "/node_modules/")
  set(SENDCHECK_XPI "${PROJECT_BINARY_DIR}/packaging/sendcheck.xpi")
  add_custom_command(
    OUTPUT "${SENDCHECK_XPI}"
    COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-xpi.sh" "${SENDCHECK_XPI}"
    DEPENDS ${_sendcheck_xpi_sources} "${PROJECT_SOURCE_DIR}/scripts/build-xpi.sh"
    COMMENT "Building the Thunderbird add-on (sendcheck.xpi)"
    VERBATIM)
  add_custom_target(xpi ALL DEPENDS "${SENDCHECK_XPI}")
  install(FILES "${SENDCHECK_XPI}" DESTINATION share/sendcheck)
else()
  message(STATUS "zip not found: the package will not contain sendcheck.xpi (apt-get install zip)")
endif()

install(FILES "${PROJECT_SOURCE_DIR}/installer/examples/policy.json"
              "${PROJECT_SOURCE_DIR}/installer/examples/thunderbird-policies.json"
        DESTINATION share/doc/sendcheck/examples)

# Maintainer scripts: executable copies in the build tree (CPack copies them as they are).
foreach(_script postinst postrm)
  configure_file("${PROJECT_SOURCE_DIR}/installer/debian/${_script}"
                 "${PROJECT_BINARY_DIR}/packaging/debian/${_script}" COPYONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                  WORLD_READ WORLD_EXECUTE)
endforeach()

find_program(SENDCHECK_FILE_TOOL file)
find_program(SENDCHECK_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(NOT SENDCHECK_FILE_TOOL OR NOT SENDCHECK_DPKG_SHLIBDEPS)
  message(STATUS "cpack -G DEB needs `file` and `dpkg-shlibdeps` (apt-get install file dpkg-dev)")
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "sendcheck")
if(NOT DEFINED CPACK_PACKAGE_VERSION)
  set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
endif()
set(CPACK_PACKAGE_VENDOR "SendCheck")
set(CPACK_PACKAGE_CONTACT "SendCheck maintainers <sendcheck@sendcheck.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "checks the recipients of a message before it is sent (Thunderbird)")
set(CPACK_PACKAGE_DESCRIPTION
    "SendCheck stops misdirected mail: before a message leaves Thunderbird it lists the
recipients (internal, trusted, external, new, look-alike domains), attachments and
personal data found in the text, and asks the user to confirm each external recipient.
This package holds the engine (sendcheck CLI and the sendcheck-host native messaging
host), the system-wide native messaging manifest and the Thunderbird add-on
(/usr/share/sendcheck/sendcheck.xpi). A team policy goes in /etc/sendcheck/policy.json;
see /usr/share/doc/sendcheck/examples/.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${SENDCHECK_PACKAGE_PREFIX}")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # sendcheck_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "mail")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "publicsuffix")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "thunderbird")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_BINARY_DIR}/packaging/debian/postinst"
                                       "${PROJECT_BINARY_DIR}/packaging/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
