/* For the Wine smoke test only (tests/dist/windows.sh), never shipped: holds a file open the
 * way Excel holds an open workbook (others may read it; nobody may delete, rename over or
 * write it) for some milliseconds, then lets go. Prints «holder» once the file is held.
 *   hold.exe FILE MILLISECONDS
 * Built with: x86_64-w64-mingw32-gcc -municode -o hold.exe hold.c */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3)
        return 2;
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return 1;
    printf("holder\n");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]));
    CloseHandle(file);
    return 0;
}
