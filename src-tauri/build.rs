//! Tauri's build step: reads tauri.conf.json and capabilities/, embeds the icons.

fn main() {
    tauri_build::build();
}
