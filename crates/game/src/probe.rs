//! Whether this machine can show the game window, asked before the window is made: a
//! display to draw on, and a graphics adapter to draw with. Bevy's window and renderer
//! panic when either is missing; asking first lets the program say what is missing, which
//! Debian package provides it, and offer the terminal version instead.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use bevy::render::renderer::initialize_renderer;
use bevy::render::settings::{Backends, RenderCreation, RenderResources, WgpuSettings};

/// Something the window needs that this machine lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What is missing, in a sentence or two.
    pub what: String,
    /// The Debian package that provides it, when one does.
    pub package: Option<&'static str>,
}

/// The display the window will open on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Display {
    /// A Wayland compositor, by its socket name.
    Wayland(String),
    /// An X server, by `DISPLAY`.
    X11(String),
}

impl std::fmt::Display for Display {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Display::Wayland(w) => write!(f, "Wayland ({w})"),
            Display::X11(d) => write!(f, "X11 (DISPLAY={d})"),
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Finds a display to open the window on, by connecting to it the way the window will:
/// Wayland first when `WAYLAND_DISPLAY` is set, then the X server of `DISPLAY`.
pub fn display() -> Result<Display, Missing> {
    let mut tried = Vec::new();
    if var("WAYLAND_SOCKET").is_some() {
        return Ok(Display::Wayland("WAYLAND_SOCKET".into()));
    }
    if let Some(name) = var("WAYLAND_DISPLAY") {
        let path = if name.starts_with('/') {
            PathBuf::from(&name)
        } else {
            PathBuf::from(var("XDG_RUNTIME_DIR").unwrap_or_default()).join(&name)
        };
        match std::os::unix::net::UnixStream::connect(&path) {
            Ok(_) => return Ok(Display::Wayland(name)),
            Err(e) => tried.push(format!("the Wayland display {name} ({e})")),
        }
    }
    if let Some(d) = var("DISPLAY") {
        match connect_x11(&d) {
            Ok(()) => return Ok(Display::X11(d)),
            Err(e) => tried.push(format!("the X display {d} ({e})")),
        }
    }
    let what = if tried.is_empty() {
        "Frontline cannot open its window: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), as on a server, over SSH or on a text console.".to_owned()
    } else {
        format!(
            "Frontline cannot open its window: it could not reach {}.",
            tried.join(" nor ")
        )
    };
    Err(Missing {
        what,
        package: Some("xvfb"),
    })
}

/// Connects to the X server named by a `DISPLAY` value (`:0`, `:99.0`, `host:1`).
fn connect_x11(display: &str) -> io::Result<()> {
    let (host, rest) = display
        .rsplit_once(':')
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a display name like :0"))?;
    let number: u16 = rest
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no display number"))?;
    let host = host.strip_prefix("unix/").unwrap_or(host);
    if host.is_empty() || host == "unix" {
        let path = format!("/tmp/.X11-unix/X{number}");
        match std::os::unix::net::UnixStream::connect(&path) {
            Ok(_) => return Ok(()),
            Err(e) => {
                // X servers on Linux also listen on an abstract socket of the same name.
                #[cfg(target_os = "linux")]
                {
                    use std::os::linux::net::SocketAddrExt;
                    let addr = std::os::unix::net::SocketAddr::from_abstract_name(path.as_bytes())?;
                    if std::os::unix::net::UnixStream::connect_addr(&addr).is_ok() {
                        return Ok(());
                    }
                }
                return Err(e);
            }
        }
    }
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host, 6000 + number))?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "the host has no address"))?;
    std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map(|_| ())
}

/// A graphics adapter and device, set up before the window so that a machine without one
/// gets a message instead of a panic; the game then draws with it.
pub struct Renderer {
    resources: RenderResources,
}

impl Renderer {
    /// The adapter, as `doctor` reports it: name, driver and whether it renders in software.
    pub fn describe(&self) -> String {
        let info = &self.resources.2.0;
        let kind = match info.device_type {
            wgpu_types::DeviceType::Cpu => "software rendering, no graphics card",
            wgpu_types::DeviceType::IntegratedGpu => "integrated graphics",
            wgpu_types::DeviceType::DiscreteGpu => "graphics card",
            wgpu_types::DeviceType::VirtualGpu => "virtual graphics",
            wgpu_types::DeviceType::Other => "other",
        };
        format!(
            "{} ({:?}; {} {}; {kind})",
            info.name, info.backend, info.driver, info.driver_info
        )
    }

    pub(crate) fn creation(self) -> RenderCreation {
        RenderCreation::Manual(self.resources)
    }
}

/// Sets up the graphics adapter and device Bevy would, and says what is missing if there is
/// none (no Vulkan loader, no driver, or a driver that fails).
pub fn renderer() -> Result<Renderer, Missing> {
    let settings = WgpuSettings::default();
    let Some(backends) = settings.backends else {
        return Err(no_adapter("no graphics backend is enabled"));
    };
    // Bevy's renderer set-up panics when it finds no adapter; keep that panic's report off
    // the terminal and turn it into the message below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let attempt = |backends| {
        std::panic::catch_unwind(|| {
            bevy::tasks::block_on(initialize_renderer(backends, None, &settings))
        })
    };
    // Vulkan first and alone: the OpenGL backend's set-up probes for a Wayland session
    // and prints to the terminal when there is none, which is noise where Vulkan works.
    let vulkan = backends & Backends::VULKAN;
    let result = match (!vulkan.is_empty()).then(|| attempt(vulkan)) {
        Some(Ok(resources)) => Ok(resources),
        _ => attempt(backends),
    };
    std::panic::set_hook(hook);
    match result {
        Ok(resources) => Ok(Renderer { resources }),
        Err(payload) => {
            let said = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let first = said.split(['!', '\n']).next().unwrap_or("").trim();
            Err(no_adapter(first))
        }
    }
}

fn no_adapter(detail: &str) -> Missing {
    Missing {
        what: format!(
            "Frontline cannot draw its window: no graphics adapter it can use was found{}. It draws with Vulkan; a machine without a graphics card can use Mesa's software driver.",
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            }
        ),
        package: Some("mesa-vulkan-drivers"),
    }
}
