# Every dependency comes from Debian 12's packages (see scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(SQLite3 REQUIRED)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
pkg_check_modules(LIBPSL REQUIRED IMPORTED_TARGET libpsl)
