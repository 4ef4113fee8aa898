//! Tauri's build step: reads tauri.conf.json and capabilities/, embeds the icons and the UI.
//!
//! The app embeds `ui/dist` (built by `npm run build` in `ui/`). On a plain clone that has not
//! built the UI, a one-page placeholder is written there first, so `cargo test --workspace`
//! compiles and runs the commands' tests; the real page replaces it at the next UI build.

use std::path::Path;

fn main() {
    let dist = Path::new("../ui/dist");
    println!("cargo:rerun-if-changed=../ui/dist/index.html");
    if !dist.join("index.html").exists() {
        let page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Boardlens</title>\
                    <p>The user interface was not built. Run <code>npm run build</code> in <code>ui/</code>, \
                    or <code>./scripts/app</code>.</p></html>\n";
        if let Err(e) = std::fs::create_dir_all(dist).and_then(|()| std::fs::write(dist.join("index.html"), page)) {
            println!("cargo:warning=could not write a placeholder ui/dist/index.html: {e}");
        }
    }
    tauri_build::build();
}
