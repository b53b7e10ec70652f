//! Browser tests: mount the app in headless Chromium and drive it like a user.
#![cfg(target_arch = "wasm32")]

use cost_per_token::format;
use cost_per_token::model::{compute, PlatformInputs};
use cost_per_token::scenario::Field;
use cost_per_token::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mount a fresh app in its own container and return the container.
fn mount() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    // The app lives for the rest of the test.
    std::mem::forget(handle);
    container
}

fn find(root: &HtmlElement, test_id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid='{test_id}']"))
        .unwrap()
}

fn text(root: &HtmlElement, test_id: &str) -> String {
    find(root, test_id)
        .unwrap_or_else(|| panic!("no element {test_id}"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn input(root: &HtmlElement, test_id: &str) -> HtmlInputElement {
    find(root, test_id)
        .unwrap_or_else(|| panic!("no element {test_id}"))
        .unchecked_into()
}

/// Set an input's value and fire a bubbling `input` event, as a user's slide or keystroke does.
fn type_into(root: &HtmlElement, test_id: &str, value: &str) {
    let element = input(root, test_id);
    element.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn click(root: &HtmlElement, test_id: &str) {
    find(root, test_id)
        .unwrap_or_else(|| panic!("no element {test_id}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn default_view_is_the_seed_table() {
    let app = mount();
    settle().await;
    assert_eq!(text(&app, "out-cost_per_mtok-1"), "4.35");
    assert_eq!(text(&app, "out-cost_per_mtok-2"), "0.123");
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "35.5x lower");
    assert_eq!(text(&app, "x-tps-1"), "baseline");
    assert!(text(&app, "headline").contains("35.5x lower cost"));
}

#[wasm_bindgen_test]
async fn moving_a_slider_updates_outputs_and_multiples() {
    let app = mount();
    settle().await;
    // Slide platform 2's throughput to the middle of its log scale.
    type_into(&app, "in-tps-2", "500");
    settle().await;
    let tps = Field::Tps.from_slider(0.5);
    assert_eq!(tps, 316.0);
    assert_eq!(input(&app, "num-tps-2").value(), "316");
    assert_eq!(text(&app, "out-tps-2"), "316");
    let expected = compute(&PlatformInputs::new(2.65, tps, 2.1, 15.0));
    assert_eq!(
        text(&app, "out-cost_per_mtok-2"),
        format::number(expected.cost_per_mtok)
    );
    assert_eq!(text(&app, "out-cost_per_mtok-2"), "2.33");
    // 4.35 / 2.33 = 1.87x lower; 316 / 90 = 3.51x.
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "1.87x lower");
    assert_eq!(text(&app, "x-tps-2"), "3.51x");
    assert_eq!(text(&app, "out-tok_per_mw-2"), "150K");
}

#[wasm_bindgen_test]
async fn bad_input_shows_a_message_and_keeps_the_last_valid_value() {
    let app = mount();
    settle().await;
    assert!(find(&app, "err-tps-1").is_none());
    type_into(&app, "num-tps-1", "abc");
    settle().await;
    let message = text(&app, "err-tps-1");
    assert!(message.contains("\"abc\" is not a number"), "{message}");
    assert!(message.contains("0.001 to 10,000,000"), "{message}");
    assert_eq!(text(&app, "out-cost_per_mtok-1"), "4.35");
    assert_eq!(text(&app, "out-tps-1"), "90.0");

    for bad in ["0", "-5", "20000000", "inf", "NaN"] {
        type_into(&app, "num-tps-1", bad);
        settle().await;
        assert!(
            find(&app, "err-tps-1").is_some(),
            "{bad:?} should be refused"
        );
        assert_eq!(text(&app, "out-cost_per_mtok-1"), "4.35", "after {bad:?}");
    }
    // An empty box is not an error: it says "no throughput" (DESIGN section 1), and the
    // throughput-dependent cells read an em dash instead of a placeholder.
    type_into(&app, "num-tps-1", "");
    settle().await;
    assert!(
        find(&app, "err-tps-1").is_none(),
        "an empty throughput is allowed"
    );
    assert_eq!(text(&app, "out-cost_per_mtok-1"), "\u{2014}");
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "\u{2014}");
    assert!(text(&app, "no-tps-1").contains("enter a throughput"));
    // A valid spelling clears the message and applies.
    type_into(&app, "num-tps-1", "6k");
    settle().await;
    assert!(find(&app, "err-tps-1").is_none());
    assert!(find(&app, "no-tps-1").is_none());
    assert_eq!(text(&app, "out-tps-1"), "6.00K");
    assert_eq!(
        input(&app, "num-tps-1").value(),
        "6k",
        "the box keeps what was typed"
    );
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "1.88x higher");
    // Beyond the slider's span, the number box still sets the value.
    type_into(&app, "num-tps-1", "2,500,000");
    settle().await;
    assert_eq!(text(&app, "out-tps-1"), "2.50M");
    assert_eq!(input(&app, "in-tps-1").value(), "1000");
}

#[wasm_bindgen_test]
async fn add_remove_undo_and_baseline() {
    let app = mount();
    settle().await;
    click(&app, "add-platform");
    settle().await;
    assert_eq!(
        text(&app, "out-cost_per_mtok-3"),
        "0.123",
        "a new platform copies the last"
    );
    click(&app, "base-2");
    settle().await;
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "baseline");
    assert_eq!(text(&app, "x-cost_per_mtok-1"), "35.5x higher");
    assert_eq!(text(&app, "x-cost_per_mtok-3"), "same");
    click(&app, "remove-2");
    settle().await;
    assert!(find(&app, "out-tps-3").is_none());
    assert_eq!(
        text(&app, "x-tps-1"),
        "baseline",
        "platform 1 becomes the baseline"
    );
    click(&app, "undo");
    settle().await;
    assert_eq!(text(&app, "x-cost_per_mtok-2"), "baseline");
    assert!(find(&app, "out-tps-3").is_some());
}

/// In the browser the wasm's numbers are written from JavaScript's shortest digits (so it
/// carries no float formatting of its own): they must be Rust's, digit for digit.
#[wasm_bindgen_test]
fn numbers_written_from_javascripts_digits_are_rusts() {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values = vec![
        0.1,
        0.3,
        1e21,
        1e-7,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        123_456_789.0,
        0.000_001,
        -0.0,
        2.675,
        1.005,
        0.079_499_999_999_999_99,
        6000.0,
        90.0,
        1.41,
    ];
    for _ in 0..5000 {
        // Any bit pattern, and figures of the sizes the page shows.
        values.push(f64::from_bits(next()));
        let mantissa = (next() % 1_000_000_000) as f64 / 1e6;
        let exponent = (next() % 30) as i32 - 12;
        values.push(mantissa * 10f64.powi(exponent));
    }
    let digits = |text: &str| -> String {
        let mantissa = text.split('e').next().unwrap_or(text);
        let all: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        all.trim_start_matches('0')
            .trim_end_matches('0')
            .to_string()
    };
    let mut ties = 0;
    for x in values.into_iter().filter(|x| x.is_finite()) {
        let (mantissa, exponent) = format::shortest_scientific(x);
        let scientific = format!("{mantissa}e{exponent}");
        let plain = format::plain(x);
        // Both read back exactly, with as few digits as Rust's.
        assert_eq!(plain.parse::<f64>(), Ok(x), "{plain}");
        assert_eq!(scientific.parse::<f64>(), Ok(x), "{scientific}");
        assert_eq!(digits(&plain).len(), digits(&format!("{x}")).len(), "{x:e}");
        if plain != format!("{x}") {
            // Two shortest forms equally near x: JavaScript takes the even last digit, Rust
            // rounds half up (1658206780088562.25 -> ...562.2 and ...562.3). Both read back.
            ties += 1;
            continue;
        }
        assert_eq!(scientific, format!("{x:e}"));
    }
    // Ties are rare: a handful in ten thousand numbers, never the figures the page shows.
    assert!(ties < 20, "{ties} ties");
    assert_eq!(format::fixed(0.125, 2), "0.13");
    assert_eq!(format::fixed(999.996, 2), "1000.00");
    assert_eq!(format::number(0.079_499_999_999_999_99), "0.0795");
    assert_eq!(format::scientific(0.000_01, 1), "1e-5");
}
