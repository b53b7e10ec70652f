//! Files made in the page and handed to the user: nothing is uploaded anywhere.

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
    web_sys::Url::revoke_object_url(&object_url).ok();
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
