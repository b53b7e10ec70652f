//! Mounts the app; nothing else.

fn main() {
    #[cfg(target_arch = "wasm32")]
    cost_per_token::ui::start();
}
