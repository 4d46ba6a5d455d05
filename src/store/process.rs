//! Whether a process on this machine still runs: how a lock left by a writer that crashed is
//! recognised without waiting for it to grow old (see [`super::lock`]).

/// `Some(true)` when a process with this id runs on this machine, `Some(false)` when none
/// does, `None` when this platform cannot tell (the lock then falls back on its age).
pub fn alive(pid: u32) -> Option<bool> {
    imp::alive(pid)
}

#[cfg(target_os = "linux")]
mod imp {
    pub fn alive(pid: u32) -> Option<bool> {
        Some(std::path::Path::new(&format!("/proc/{pid}")).exists())
    }
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::Foundation::{
        CloseHandle, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, GetLastError, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };

    pub fn alive(pid: u32) -> Option<bool> {
        // SAFETY: OpenProcess takes plain values and returns a handle or null; the handle is
        // closed below and never used after.
        let handle = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
        if handle.is_null() {
            // SAFETY: reads this thread's last error, set by the failed call above.
            return match unsafe { GetLastError() } {
                // No process has this id.
                ERROR_INVALID_PARAMETER => Some(false),
                // It exists but belongs to someone we may not ask (another user's session).
                ERROR_ACCESS_DENIED => Some(true),
                _ => None,
            };
        }
        let mut code = 0u32;
        // SAFETY: `handle` is a valid process handle opened above, `code` a valid out-pointer.
        let asked = unsafe { GetExitCodeProcess(handle, &mut code) };
        // SAFETY: closes the handle opened above, once.
        unsafe { CloseHandle(handle) };
        // A process that has exited but whose handle someone still holds has an exit code
        // other than STILL_ACTIVE. (One that exited with code 259 looks alive; the lock's
        // age then decides.)
        (asked != 0).then_some(code == STILL_ACTIVE as u32)
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod imp {
    pub fn alive(_pid: u32) -> Option<bool> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUPPORTED: bool = cfg!(any(target_os = "linux", windows));

    #[test]
    fn this_process_is_alive() {
        assert_eq!(alive(std::process::id()), SUPPORTED.then_some(true));
    }

    #[test]
    fn a_process_that_has_ended_is_not() {
        // This test binary, asked only to list a test that does not exist: it ends at once.
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--list", "ingen-slik-test"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        // On Windows the ended process is still known while `child` holds its handle.
        assert_eq!(alive(pid), SUPPORTED.then_some(false));
        drop(child);
        assert_eq!(alive(pid), SUPPORTED.then_some(false));
    }

    #[test]
    fn an_id_no_process_can_have_is_not_alive() {
        assert_eq!(alive(4_000_000), SUPPORTED.then_some(false));
    }
}
