; SendCheck installer for Windows (NSIS 3, Unicode). Carries out the Windows plans of
; `sendcheck install --print-plan --os windows --scope machine|user` (host/app/install_plan.cc):
;
;   per machine (default for an administrator, or /AllUsers):
;     C:\Program Files\SendCheck\  sendcheck.exe, sendcheck-host.exe, sendcheck.json (the native
;       messaging manifest, written here with this folder's host path), sendcheck.xpi,
;       examples\policy.json, uninstall.exe
;     HKLM\Software\Mozilla\NativeMessagingHosts\sendcheck  (default) = ...\sendcheck.json
;     HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\SendCheck
;     %ProgramData%\sendcheck\  (empty: the administrator writes the team policy policy.json)
;     <Thunderbird>\distribution\policies.json force-installing the add-on, only when Thunderbird
;       is found and has no policies.json yet (else the log says so and nothing is touched)
;   per user (/CurrentUser, or a user without administrator rights):
;     %LOCALAPPDATA%\Programs\SendCheck\  the same files; the keys under HKCU; no ProgramData
;     folder and no Thunderbird policy (the user adds the add-on from sendcheck.xpi).
;
; The uninstaller removes exactly that: the files it installed, its two registry keys (the
; NativeMessagingHosts key only while it still names this manifest), the policies.json it wrote
; (recorded in the value ThunderbirdPolicies), the folders when empty. It never touches
; %LOCALAPPDATA%\sendcheck (history, audit log, settings) nor an administrator's policy.json.
;
; Build (the Windows binaries are not built here; scripts/check-nsis.sh compiles this script
; with placeholders):
;   makensis -WX -DBINDIR=<folder with sendcheck.exe and sendcheck-host.exe>
;            [-DXPI=<sendcheck.xpi>] [-DVERSION=0.1.0] [-DOUTFILE=<setup.exe>] sendcheck.nsi
;   (on Windows, makensis takes /DNAME=value as well)
; Silent installs: sendcheck-setup.exe /S [/AllUsers | /CurrentUser] [/D=<folder>, last];
; silent uninstall: uninstall.exe /S (the Uninstall key's UninstallString names the scope).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef BINDIR
  !error "Give the folder of the Windows binaries: makensis -DBINDIR=<folder> sendcheck.nsi"
!endif
!ifndef XPI
  !define XPI "${BINDIR}/sendcheck.xpi"
!endif
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "sendcheck-setup-${VERSION}.exe"
!endif
!define EXAMPLES "${__FILEDIR__}/../examples"

!define PRODUCT "SendCheck"
!define NATIVE_KEY "Software\Mozilla\NativeMessagingHosts\sendcheck"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SendCheck"
!define EXTENSION_ID "sendcheck@sendcheck.invalid"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"

; MultiUser.nsh: /AllUsers and /CurrentUser on the command line; per machine by default when
; the user is an administrator; per user in FOLDERID_UserProgramFiles
; (%LOCALAPPDATA%\Programs\SendCheck); SHCTX is HKLM or HKCU accordingly.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WordFunc.nsh
!include x64.nsh

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

Var ThunderbirdDir

; Writes the string on the stack to the file named below it, in UTF-8 (what Thunderbird reads;
; FileWrite would write the ANSI code page). Usage: Push <path>, Push <text>, Call WriteUtf8.
!macro WRITE_UTF8 UN
Function ${UN}WriteUtf8
  Exch $1 ; text
  Exch
  Exch $0 ; path
  Push $2
  Push $3
  Push $4
  Push $5
  FileOpen $5 "$0" w
  ${If} $5 == ""
    SetErrors
  ${Else}
    System::Call 'kernel32::WideCharToMultiByte(i 65001, i 0, w r1, i -1, p 0, i 0, p 0, p 0) i .r2'
    System::Alloc $2
    Pop $3
    System::Call 'kernel32::WideCharToMultiByte(i 65001, i 0, w r1, i -1, p r3, i r2, p 0, p 0) i .r2'
    IntOp $2 $2 - 1 ; without the final NUL
    System::Call 'kernel32::WriteFile(p r5, p r3, i r2, *i .r4, p 0) i .r2'
    System::Free $3
    FileClose $5
    ${If} $2 == 0
      SetErrors
    ${EndIf}
  ${EndIf}
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $0
  Pop $1
FunctionEnd
!macroend
!insertmacro WRITE_UTF8 ""

; $INSTDIR as a JSON string body (backslashes doubled) in $R9.
Function JsonInstDir
  ${WordReplace} "$INSTDIR" "\" "\\" "+" $R9
FunctionEnd

; The Thunderbird installation folder in $ThunderbirdDir, or "".
Function FindThunderbird
  StrCpy $ThunderbirdDir ""
  ReadRegStr $0 HKLM "Software\Mozilla\Mozilla Thunderbird" "CurrentVersion"
  ${If} $0 != ""
    ReadRegStr $1 HKLM "Software\Mozilla\Mozilla Thunderbird\$0\Main" "Install Directory"
    ${If} ${FileExists} "$1\thunderbird.exe"
      StrCpy $ThunderbirdDir $1
      Return
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$PROGRAMFILES64\Mozilla Thunderbird\thunderbird.exe"
    StrCpy $ThunderbirdDir "$PROGRAMFILES64\Mozilla Thunderbird"
  ${EndIf}
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "SendCheck needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
  StrCpy $R0 $INSTDIR ; set only by /D=<folder> (there is no InstallDir)
  !insertmacro MULTIUSER_INIT
  ${If} $R0 != ""
    StrCpy $INSTDIR $R0
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "SendCheck" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=sendcheck.exe" "${BINDIR}/sendcheck.exe"
  File "/oname=sendcheck-host.exe" "${BINDIR}/sendcheck-host.exe"
  File "/oname=sendcheck.xpi" "${XPI}"
  SetOutPath "$INSTDIR\examples"
  File "/oname=policy.json" "${EXAMPLES}/policy.json"
  SetOutPath "$INSTDIR"

  ; The native messaging manifest: manifests/sendcheck.json.in with this folder's host path.
  Call JsonInstDir
  ClearErrors
  Push "$INSTDIR\sendcheck.json"
  Push '{$\n  "name": "sendcheck",$\n  "description": "SendCheck: checks the recipients of a message before it is sent",$\n  "path": "$R9\\sendcheck-host.exe",$\n  "type": "stdio",$\n  "allowed_extensions": ["${EXTENSION_ID}"]$\n}$\n'
  Call WriteUtf8
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONSTOP "Cannot write $INSTDIR\sendcheck.json."
    Abort
  ${EndIf}

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr SHCTX "${NATIVE_KEY}" "" "$INSTDIR\sendcheck.json"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  ${If} $MultiUser.InstallMode == "AllUsers"
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /AllUsers'
  ${Else}
    WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /CurrentUser'
  ${EndIf}
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1

  ${If} $MultiUser.InstallMode == "AllUsers"
    ; The team policy folder the engine reads (%ProgramData%\sendcheck\policy.json, the variable
    ; host/src/policy/files.cc reads), left empty.
    ReadEnvStr $0 ProgramData
    ${If} $0 != ""
      CreateDirectory "$0\sendcheck"
    ${EndIf}

    ; Thunderbird's enterprise policy force-installing the add-on, never over an existing one.
    Call FindThunderbird
    ${If} $ThunderbirdDir == ""
      DetailPrint "Thunderbird not found: install the add-on from $INSTDIR\sendcheck.xpi, or by policy."
    ${ElseIf} ${FileExists} "$ThunderbirdDir\distribution\policies.json"
      DetailPrint "$ThunderbirdDir\distribution\policies.json exists and is left as it is: add the"
      DetailPrint "ExtensionSettings entry of `sendcheck install --print-plan --os windows --scope machine`."
    ${Else}
      ${WordReplace} "$INSTDIR\sendcheck.xpi" "\" "/" "+" $R8
      ${WordReplace} "$R8" " " "%20" "+" $R8
      CreateDirectory "$ThunderbirdDir\distribution"
      ClearErrors
      Push "$ThunderbirdDir\distribution\policies.json"
      Push '{$\n  "policies": {$\n    "ExtensionSettings": {$\n      "${EXTENSION_ID}": {$\n        "installation_mode": "force_installed",$\n        "install_url": "file:///$R8"$\n      }$\n    },$\n    "3rdparty": {$\n      "Extensions": {$\n        "${EXTENSION_ID}": {$\n          "failClosed": false$\n        }$\n      }$\n    }$\n  }$\n}$\n'
      Call WriteUtf8
      ${IfNot} ${Errors}
        WriteRegStr SHCTX "${UNINSTALL_KEY}" "ThunderbirdPolicies" "$ThunderbirdDir\distribution\policies.json"
        DetailPrint "Wrote $ThunderbirdDir\distribution\policies.json (force-installs the add-on)."
      ${Else}
        DetailPrint "Cannot write $ThunderbirdDir\distribution\policies.json; install the add-on by hand."
      ${EndIf}
    ${EndIf}
  ${EndIf}
SectionEnd

Section "Uninstall"
  ; The manifest's key, only while it still names this installation's manifest.
  ReadRegStr $0 SHCTX "${NATIVE_KEY}" ""
  ${If} $0 == "$INSTDIR\sendcheck.json"
    DeleteRegKey SHCTX "${NATIVE_KEY}"
  ${EndIf}

  ; The Thunderbird policy, only the file this installer wrote.
  ReadRegStr $1 SHCTX "${UNINSTALL_KEY}" "ThunderbirdPolicies"
  ${If} $1 != ""
    Delete "$1"
    ${GetParent} "$1" $2
    RMDir "$2" ; the distribution folder, when empty
  ${EndIf}

  Delete "$INSTDIR\sendcheck.exe"
  Delete "$INSTDIR\sendcheck-host.exe"
  Delete "$INSTDIR\sendcheck.json"
  Delete "$INSTDIR\sendcheck.xpi"
  Delete "$INSTDIR\examples\policy.json"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR\examples"
  RMDir "$INSTDIR"

  ${If} $MultiUser.InstallMode == "AllUsers"
    ReadEnvStr $0 ProgramData
    ${If} $0 != ""
      RMDir "$0\sendcheck" ; only when empty: an administrator's policy.json stays
    ${EndIf}
  ${EndIf}
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ; %LOCALAPPDATA%\sendcheck (history, audit log, settings) is never touched.
SectionEnd
