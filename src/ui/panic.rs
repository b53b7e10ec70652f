//! A panic must never leave a frozen page: show a visible message with a way back, and log the
//! details to the console.

use wasm_bindgen::JsCast;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cost-per-token panicked: {info}").into());
        show_message();
    }));
}

fn show_message() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("panic-message");
    panel.set_attribute("role", "alert").ok();
    panel.set_attribute("data-testid", "panic").ok();
    panel.set_text_content(Some(
        "Something went wrong and the calculator stopped. The details are in the browser console. ",
    ));
    if let Ok(link) = document.create_element("a") {
        // The page's own address without its query: the default scenario.
        let here = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "./".to_string());
        link.set_attribute("href", &here).ok();
        link.set_text_content(Some("Reset the calculator"));
        panel.append_child(&link).ok();
    }
    if let Some(first) = body.first_child() {
        body.insert_before(&panel, Some(&first)).ok();
    } else {
        body.append_child(&panel).ok();
    }
    if let Some(el) = panel.dyn_ref::<web_sys::HtmlElement>() {
        el.focus().ok();
    }
}
