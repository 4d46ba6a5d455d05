; Samkart's Windows installer, built on Linux by `cargo xtask dist` (makensis from Debian's
; nsis). Per user: no administrator rights, nothing changed outside the user's own profile.
;
;   installs   %LOCALAPPDATA%\Programs\Samkart\samkart.exe and avinstaller.exe
;   shortcuts  Start menu (always), desktop (optional, ticked by default)
;   registers  HKCU\...\Uninstall\Samkart, so «Apper og funksjoner» lists and removes it
;   leaves     the registers and backups under %APPDATA%\Samkart, also when uninstalled
;
; Silent: `samkart-…-setup.exe /S` (optionally `/D=C:\other folder`, last and unquoted);
; `avinstaller.exe /S` removes it again.
;
; Defines from xtask: VERSION (0.1.0), VERSION4 (0.1.0.0), EXE, ICON, OUTFILE.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "${NAME} mangler: bygg med «cargo xtask dist»."
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE VERSION4
!insertmacro REQUIRE EXE
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUTFILE

!define PUBLISHER "Samkart-prosjektet"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Samkart"
!define UNINSTALLER "avinstaller.exe"

Name "Samkart"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Samkart"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "Samkart ${VERSION}"

!include "MUI2.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\samkart.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start Samkart nå"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Norwegian"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "ProductName" "Samkart"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "FileDescription" "Installasjon av Samkart ${VERSION}"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_NORWEGIAN} "LegalCopyright" "${PUBLISHER}, MIT-lisens"

Section "Samkart" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=samkart.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$SMPROGRAMS\Samkart.lnk" "$INSTDIR\samkart.exe" "" "$INSTDIR\samkart.exe" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Samkart"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\samkart.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${SecProgram} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Snarvei på skrivebordet" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\Samkart.lnk" "$INSTDIR\samkart.exe" "" "$INSTDIR\samkart.exe" 0
SectionEnd

; The registers and their backups (%APPDATA%\Samkart, or wherever the user keeps them) are
; the user's work: the uninstaller removes only what the installer put there.
Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\samkart.exe"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Samkart.lnk"
  Delete "$DESKTOP\Samkart.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
