//! Reactive rendering: the game draws a frame only when something happened (a key, a
//! click, a file reload, the response clock ticking), so a trainee reading a long line
//! costs almost no CPU.
//!
//! Why bevy_egui alone spins: `bevy_egui` 0.42 pushes an `egui::Event::ModifiersChanged`
//! into egui's input on *every* frame (`write_egui_input_system`), changed or not. egui
//! treats any input event as a reason to repaint at once (`InputState::wants_repaint_after`
//! returns zero when `events` is non-empty), so `process_output_system` sends
//! `RequestRedraw`, the next frame pushes another `ModifiersChanged`, and the loop never
//! ends — `WinitSettings::desktop_app()` cannot help because the app keeps asking for
//! redraws itself. [`drop_repeated_modifiers`] lets the event through only when the
//! modifiers really changed, which breaks the loop without losing any input.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use async_channel::Sender;
use bevy::asset::io::{AssetSourceEvent, AssetWatcher};
use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use bevy_egui::{EguiInput, EguiInputSet, EguiManagedTextures, EguiPostUpdateSet, egui};

/// Set by whatever needs a frame without any input: files loading ask for frames at a
/// steady interval, the response clock for a frame at the moment its display changes.
#[derive(Resource, Debug, Default)]
pub struct Animating {
    within: Option<Duration>,
    at: Option<Instant>,
}

impl Animating {
    /// Asks for frames every `interval` for as long as this is asked each frame (the
    /// shortest interval asked for in a frame wins). Use a steady interval: every change of
    /// the window's update mode forces a frame at once.
    pub fn within(&mut self, interval: Duration) {
        self.within = Some(self.within.map_or(interval, |d| d.min(interval)));
    }

    /// Asks for one frame at `when`. The window is woken then by a timer, without touching
    /// its update mode, so a clock that changes every few seconds costs a frame every few
    /// seconds.
    pub fn at(&mut self, when: Instant) {
        self.at = Some(self.at.map_or(when, |a| a.min(when)));
    }
}

/// The wake-up last scheduled by [`Animating::at`], so each is scheduled once.
static SCHEDULED: Mutex<Option<Instant>> = Mutex::new(None);

/// Wakes the window at `when` (once per distinct instant).
fn wake_at(when: Instant) {
    let mut scheduled = SCHEDULED.lock().unwrap_or_else(|p| p.into_inner());
    if *scheduled == Some(when) || WAKER.get().is_none() {
        return;
    }
    *scheduled = Some(when);
    let _ = std::thread::Builder::new()
        .name("frontline-clock".into())
        .spawn(move || {
            std::thread::sleep(when.saturating_duration_since(Instant::now()));
            wake();
        });
}

/// How long the window sleeps when nothing happens. Input, file changes (see
/// [`wake_on_change`]) and [`Animating`] wake it earlier.
const IDLE_WAIT: Duration = Duration::from_secs(60);

type Waker = Box<dyn Fn() + Send>;
static WAKER: OnceLock<Mutex<Waker>> = OnceLock::new();

/// Wakes the window's event loop from another thread (a no-op without a window).
pub fn wake() {
    if let Some(w) = WAKER.get()
        && let Ok(w) = w.lock()
    {
        w();
    }
}

/// Wakes the window shortly, twice: for a load that finishes on another thread, whose
/// result the asset server picks up only at the next frame (which a wake issued at once
/// could precede).
pub fn wake_soon() {
    wake_after(&[30, 250]);
}

/// Wakes the window once after each pause, in milliseconds, one after the other, from a
/// thread of its own (a no-op without a window).
fn wake_after(pauses: &'static [u64]) {
    if WAKER.get().is_none() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("frontline-wake".into())
        .spawn(move || {
            for ms in pauses {
                std::thread::sleep(Duration::from_millis(*ms));
                wake();
            }
        });
}

/// Wraps an asset source's file watcher so that every change it reports also wakes the
/// window: otherwise a trainer's save would only show at the next key press.
pub fn wake_on_change(
    mut watcher: impl FnMut(Sender<AssetSourceEvent>) -> Option<Box<dyn AssetWatcher>>
    + Send
    + Sync
    + 'static,
) -> impl FnMut(Sender<AssetSourceEvent>) -> Option<Box<dyn AssetWatcher>> + Send + Sync + 'static {
    move |to_bevy: Sender<AssetSourceEvent>| {
        let (tx, rx) = async_channel::unbounded();
        let inner = watcher(tx)?;
        std::thread::Builder::new()
            .name("frontline-watch".into())
            .spawn(move || {
                while let Ok(event) = rx.recv_blocking() {
                    if to_bevy.send_blocking(event).is_err() {
                        break;
                    }
                    wake();
                }
            })
            .ok()?;
        Some(inner)
    }
}

fn install_waker(proxy: Option<Res<EventLoopProxyWrapper>>) {
    if let Some(proxy) = proxy {
        let proxy = (**proxy).clone();
        let _ = WAKER.set(Mutex::new(Box::new(move || {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        })));
        #[cfg(target_os = "linux")]
        watch_screen_reader();
    }
}

/// A screen reader that starts (or restarts) while the game sleeps finds only an empty
/// window: the AT-SPI adapter activates on its own thread with the window's bare root, and
/// egui fills the tree in only on the next frame drawn, which nothing asks for. So the game
/// listens for the same `ScreenReaderEnabled` change the adapter does, and draws a few
/// frames over the next seconds, by which time the adapter is on the accessibility bus.
#[cfg(target_os = "linux")]
fn watch_screen_reader() {
    use futures_lite::StreamExt;
    let listen = || {
        futures_lite::future::block_on(async {
            let bus = zbus::Connection::session().await?;
            let status = atspi_proxies::bus::StatusProxy::new(&bus).await?;
            let mut changes = status.receive_screen_reader_enabled_changed().await;
            while changes.next().await.is_some() {
                wake_after(&[200, 800, 2000]);
            }
            zbus::Result::Ok(())
        })
    };
    let _ = std::thread::Builder::new()
        .name("frontline-screen-reader".into())
        .spawn(move || {
            // No session bus (a kiosk, a bare X server): no screen reader can start either.
            if let Err(e) = listen() {
                debug!("not listening for a screen reader: {e}");
            }
        });
}

/// Registers reactive rendering.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Animating>()
        .insert_resource(WinitSettings {
            focused_mode: UpdateMode::reactive(IDLE_WAIT),
            unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
        })
        .add_systems(Startup, install_waker)
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers.after(EguiInputSet::WriteEguiEvents),
        )
        .add_systems(Update, tick_while_loading)
        .add_systems(
            PostUpdate,
            one_more_frame_after_new_glyphs.after(EguiPostUpdateSet::PostProcessOutput),
        )
        .add_systems(Last, pace);
}

/// Removes `ModifiersChanged` events that repeat the last modifiers egui was told about.
pub fn drop_repeated_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut told: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let mut last = told.get(&entity).copied();
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) => {
                let changed = last != Some(*m);
                last = Some(*m);
                changed
            }
            _ => true,
        });
        if let Some(m) = last {
            told.insert(entity, m);
        }
    }
}

/// Systems set [`Animating`] on every frame they need the next one soon; it is cleared
/// here, so leaving the screen stops the ticking.
fn pace(mut animating: ResMut<Animating>, mut winit: ResMut<WinitSettings>) {
    if let Some(at) = animating.at.take() {
        wake_at(at);
    }
    let wait = animating.within.take();
    let focused = UpdateMode::reactive(wait.unwrap_or(IDLE_WAIT));
    // Loading continues in the background, so it ticks even without focus; the clock
    // is paused then and asks for nothing.
    let unfocused = UpdateMode::reactive_low_power(wait.unwrap_or(IDLE_WAIT));
    if winit.focused_mode != focused {
        winit.focused_mode = focused;
    }
    if winit.unfocused_mode != unfocused {
        winit.unfocused_mode = unfocused;
    }
}

/// Loads finish on other threads and nothing wakes the window when they do, so while any
/// file is loading (at start, or after a save) frames keep coming.
fn tick_while_loading(
    content: Res<super::assets::Content>,
    server: Res<AssetServer>,
    mut animating: ResMut<Animating>,
) {
    if content.loading(&server) {
        animating.within(Duration::from_millis(100));
    }
}

/// New glyphs (a hot-reloaded title, text in another language) are written into egui's
/// font texture this frame but reach the GPU only with the next one, so this frame draws
/// them from the old texture: blank or wrong. With continuous rendering that lasts one
/// frame; in reactive mode it would last until the next key press. So one more frame.
fn one_more_frame_after_new_glyphs(
    textures: Res<EguiManagedTextures>,
    mut animating: ResMut<Animating>,
) {
    if textures.is_changed() {
        animating.within(Duration::from_millis(16));
    }
}
