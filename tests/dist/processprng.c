/* For the Wine smoke test only (tests/dist/windows.sh), never shipped: Debian 12's Wine 8.0
 * has no bcryptprimitives.dll, whose ProcessPrng Rust's standard library calls for random
 * numbers since Rust 1.78. Every real Windows 10 and 11 has it. This stand-in, placed beside
 * the installed samkart.exe, fills the buffer from RtlGenRandom (SystemFunction036), which
 * Wine has. Built with:
 *   x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll processprng.c -ladvapi32 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
