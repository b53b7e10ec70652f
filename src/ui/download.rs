//! Files made in the page and handed to the user, and files the user picks to read in the page:
//! nothing is uploaded anywhere.

use wasm_bindgen::JsCast;

/// Save `content` as a file named `name`.
pub fn text_file(name: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(object_url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    url(name, &object_url);
    // The browser reads the blob after the click returns: revoked at once, the URL could be gone
    // before a busy browser starts the download (the download then never came, in the e2e suite
    // under load). A minute later it is certainly read.
    leptos::prelude::set_timeout(
        move || {
            web_sys::Url::revoke_object_url(&object_url).ok();
        },
        std::time::Duration::from_secs(60),
    );
}

/// Save what `href` points at (an object or data URL) as a file named `name`.
pub fn url(name: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(anchor) = document.create_element("a") else {
        return;
    };
    let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    anchor.set_href(href);
    anchor.set_download(name);
    anchor.click();
}

/// Read the file picked in an `<input type="file">` as text, then call `on_read` with its name
/// and its text (`None` when the browser could not read it). The input is cleared, so picking
/// the same file again is another change.
pub fn read_picked_file(
    ev: &leptos::ev::Event,
    on_read: impl FnOnce(String, Option<String>) + 'static,
) {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string());
        on_read(name, text);
    });
}
