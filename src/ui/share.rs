//! Share and keep: copy the link, embed, export and import; the saved scenarios are in `saved`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{download, state};
use crate::codec::{csv, json};

/// The full address of the current state, optionally as an embed.
pub fn current_address(embed: bool) -> String {
    let state = state();
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let mut options = state.options.get_untracked();
    options.embed = embed;
    if !embed {
        options.view.clear();
    }
    let query = state
        .scenario
        .with_untracked(|s| crate::codec::url::encode(s, &options));
    format!("{origin}{path}?{query}")
}

/// The snippet a host page pastes: the iframe, and a listener that sizes it to its content.
pub fn embed_snippet(address: &str) -> String {
    let escaped = address.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{escaped}\" title=\"Cost per token calculator\" width=\"100%\" height=\"640\" \
style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>\n\
<script>\n\
addEventListener(\"message\", function (e) {{\n\
  var d = e.data;\n\
  if (!d || d.type !== \"cost-per-token:height\") return;\n\
  document.querySelectorAll(\"iframe\").forEach(function (f) {{\n\
    if (f.contentWindow === e.source) f.style.height = Math.ceil(d.height) + \"px\";\n\
  }});\n\
}});\n\
</script>"
    )
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = state();
    let copy_status = RwSignal::new(None::<String>);
    let fallback_link = RwSignal::new(None::<String>);
    let embed_code = RwSignal::new(None::<String>);
    let import_message = RwSignal::new(None::<Result<String, String>>);

    let copy_link = move |_: leptos::ev::MouseEvent| {
        let address = current_address(false);
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&address);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => {
                    fallback_link.set(None);
                    copy_status.set(Some("Link copied.".to_string()));
                }
                Err(_) => {
                    // The clipboard is not allowed here (an iframe, an old browser): show the
                    // link, selected, for the user to copy.
                    copy_status.set(Some(
                        "The browser did not allow copying: select the link below and copy it."
                            .to_string(),
                    ));
                    fallback_link.set(Some(address));
                }
            }
        });
    };
    let toggle_embed = move |_: leptos::ev::MouseEvent| {
        embed_code.update(|code| {
            *code = match code {
                Some(_) => None,
                None => Some(embed_snippet(&current_address(true))),
            }
        });
    };
    let export_json = move |_: leptos::ev::MouseEvent| {
        let text = state.scenario.with_untracked(json::export_json);
        download::text_file(json::FILE_NAME, json::MIME_TYPE, &text);
    };
    let export_csv = move |_: leptos::ev::MouseEvent| {
        let text = state.scenario.with_untracked(csv::results_csv);
        download::text_file(csv::FILE_NAME, csv::MIME_TYPE, &text);
    };
    let import = move |ev: leptos::ev::Event| {
        download::read_picked_file(&ev, move |name, text| {
            let Some(text) = text else {
                import_message.set(Some(Err(format!("{name}: the file could not be read."))));
                return;
            };
            match json::import_json(&text) {
                Ok((scenario, notices)) => {
                    state.scenario.set(scenario);
                    state.removed.set(None);
                    state.notices.set(notices);
                    import_message.set(Some(Ok(format!("Imported {name}."))));
                }
                // Nothing on screen changes.
                Err(e) => import_message.set(Some(Err(format!("{name} was not imported: {e}")))),
            }
        });
    };

    view! {
        <section class="share" aria-labelledby="share-title">
            <h2 id="share-title">"Share and keep"</h2>
            <div class="share-actions">
                <button type="button" data-testid="copy-link" on:click=copy_link>
                    "Copy link"
                </button>
                <button
                    type="button"
                    class="secondary"
                    data-testid="embed"
                    aria-expanded=move || embed_code.with(Option::is_some).to_string()
                    on:click=toggle_embed
                >
                    "Embed"
                </button>
                <button type="button" class="secondary" data-testid="export-json" on:click=export_json>
                    "Export JSON"
                </button>
                <button type="button" class="secondary" data-testid="export-csv" on:click=export_csv>
                    "Export CSV"
                </button>
                <label class="button-like secondary">
                    "Import JSON"
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="import-json"
                        class="visually-hidden"
                        on:change=import
                    />
                </label>
            </div>
            <p class="status" role="status" data-testid="copy-status">{move || copy_status.get()}</p>
            {move || {
                fallback_link
                    .get()
                    .map(|address| {
                        view! {
                            <label class="stacked">
                                "Link to this view"
                                <input
                                    type="text"
                                    readonly
                                    data-testid="link-fallback"
                                    prop:value=address
                                    on:focus=|ev| {
                                        if let Some(input) = ev
                                            .target()
                                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                                        {
                                            input.select();
                                        }
                                    }
                                />
                            </label>
                        }
                    })
            }}
            {move || {
                embed_code
                    .get()
                    .map(|code| {
                        view! {
                            <label class="stacked">
                                "Paste this into your page (the iframe sizes itself to its content):"
                                <textarea readonly rows="8" data-testid="embed-code" prop:value=code></textarea>
                            </label>
                        }
                    })
            }}
            {move || {
                import_message
                    .get()
                    .map(|message| match message {
                        Ok(text) => view! { <p class="status" data-testid="import-status">{text}</p> }.into_any(),
                        Err(text) => {
                            view! {
                                <p class="field-error" role="alert" data-testid="import-error">{text}</p>
                            }
                                .into_any()
                        }
                    })
            }}
            <super::saved::SavedScenarios />
        </section>
    }
}
