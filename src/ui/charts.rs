//! The charts on canvas: drawn by `crate::charts` through a backend that works in CSS pixels on
//! a backing store of CSS size x devicePixelRatio (sharp on HiDPI screens), redrawn at most once
//! per animation frame, with titles, summaries and downloads in HTML around them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::{download, state};
use crate::charts::backend::{Canvas, ChartBackend};
use crate::charts::svg::Svg;
use crate::charts::{self, ChartData, ChartInput, ChartKind};
use crate::view;

/// A chart as an SVG file, drawn through [`ChartBackend`].
fn svg_file(kind: ChartKind, input: &ChartInput, width: u32) -> String {
    let height = charts::preferred_height_for(kind, input, width);
    let mut buffer = String::new();
    {
        let backend = ChartBackend::Svg(Svg::new(&mut buffer, (width, height)));
        let root = backend.into_drawing_area();
        charts::paint_export(kind, &root, input).ok();
        root.present().ok();
    }
    buffer
}

/// A chart's canvas, the size its backing store was last given, what it draws, and whether that
/// changed since it was drawn.
#[derive(Clone)]
struct Surface {
    kind: ChartKind,
    canvas: NodeRef<html::Canvas>,
    drawn_size: Rc<Cell<(u32, u32, u32)>>,
    /// This chart's share of the chart data: it changes only when the picture would.
    data: Memo<ChartData>,
    /// What the canvas shows now; equal data draws the same picture, so it is not redrawn.
    drawn: Rc<RefCell<Option<ChartData>>>,
}

fn device_pixel_ratio() -> f64 {
    let ratio = window().device_pixel_ratio();
    if ratio.is_finite() && ratio > 0.0 {
        ratio.min(4.0)
    } else {
        1.0
    }
}

/// Size the backing store (only when the size changed: resizing clears the canvas and costs a
/// reallocation) and draw, unless the chart would draw the same picture again.
fn draw_surface(surface: &Surface, width: u32) -> Option<()> {
    let canvas: HtmlCanvasElement = surface.canvas.get_untracked()?;
    surface.data.with_untracked(|data| {
        let input = ChartInput::new(data);
        let height = charts::preferred_height_for(surface.kind, &input, width);
        let ratio = device_pixel_ratio();
        let ratio_key = (ratio * 100.0).round() as u32;
        let resized = surface.drawn_size.get() != (width, height, ratio_key);
        if !resized && surface.drawn.borrow().as_ref() == Some(data) {
            // The same picture: keep the pixels.
            return Some(());
        }
        paint_surface(
            surface,
            &canvas,
            &input,
            (width, height, ratio, ratio_key),
            resized,
        )?;
        *surface.drawn.borrow_mut() = Some(data.clone());
        Some(())
    })
}

fn paint_surface(
    surface: &Surface,
    canvas: &HtmlCanvasElement,
    input: &ChartInput,
    (width, height, ratio, ratio_key): (u32, u32, f64, u32),
    resized: bool,
) -> Option<()> {
    let canvas = canvas.clone();
    if resized {
        canvas.set_width((f64::from(width) * ratio).round() as u32);
        canvas.set_height((f64::from(height) * ratio).round() as u32);
        web_sys::HtmlElement::style(&canvas)
            .set_property("height", &format!("{height}px"))
            .ok();
        surface.drawn_size.set((width, height, ratio_key));
    }
    let context = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .ok()?;
    context
        .set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
        .ok()?;
    let backend = ChartBackend::Canvas {
        canvas: Canvas::new(context),
        css_size: (width, height),
    };
    let area = backend.into_drawing_area();
    // What the chart had to clamp, it says on the canvas and in its summary.
    charts::draw(surface.kind, &area, input).ok()?;
    area.present().ok()?;
    Some(())
}

/// How long the inputs rest before a chart's summary is written again.
const SUMMARY_REST: std::time::Duration = std::time::Duration::from_millis(150);

/// The charts; `only` limits them to some kinds (an embed shows one).
#[component]
pub fn Charts(#[prop(optional)] only: Option<Vec<ChartKind>>) -> impl IntoView {
    let state = state();
    let width = RwSignal::new(0u32);
    let all_data = Memo::new(move |_| {
        state
            .scenario
            .with(|s| state.results.with(|r| view::chart_data(s, r)))
    });
    let surfaces: Vec<Surface> = ChartKind::EVERY
        .into_iter()
        .filter(|kind| only.as_ref().is_none_or(|o| o.contains(kind)))
        .map(|kind| Surface {
            kind,
            canvas: NodeRef::new(),
            drawn_size: Rc::new(Cell::new((0, 0, 0))),
            data: Memo::new(move |_| all_data.with(|d| d.for_kind(kind))),
            drawn: Rc::new(RefCell::new(None)),
        })
        .collect();

    // The charts follow the width of their canvas (every chart has the same): the figure's
    // padding and border make it narrower than the list around it.
    let observed = surfaces.first().map(|s| s.canvas);
    Effect::new(move |_| {
        let Some(element) = observed.and_then(|canvas| canvas.get()) else {
            return;
        };
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let w = entry.content_rect().width().floor();
            // Only a real change redraws: the observer also reports unchanged sizes.
            if w.is_finite() && w > 0.0 && width.get_untracked() != w as u32 {
                width.set(w as u32);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&element);
        }
        // The observer lives as long as the page.
        on_resize.forget();
    });

    // One redraw per animation frame, however many changes arrive before it.
    let frame_pending = Rc::new(Cell::new(false));
    let to_draw = surfaces.clone();
    Effect::new(move |_| {
        for surface in &to_draw {
            surface.data.track();
        }
        let w = width.get();
        if w == 0 || frame_pending.get() {
            return;
        }
        frame_pending.set(true);
        let pending = frame_pending.clone();
        let surfaces = to_draw.clone();
        request_animation_frame(move || {
            pending.set(false);
            let width = width.get_untracked();
            for surface in &surfaces {
                draw_surface(surface, width);
            }
        });
    });

    let figures = surfaces
        .into_iter()
        .map(|surface| {
            let kind = surface.kind;
            let data = surface.data;
            // Prose, rewritten once the inputs rest (as the address bar is): a slider drag
            // redraws the picture on every move, and the sentences under it settle after.
            let write_summary =
                move || data.with_untracked(|d| charts::text_summary(kind, &ChartInput::new(d)));
            let summary = RwSignal::new(write_summary());
            super::after_changes(
                move || data.track(),
                SUMMARY_REST,
                move || {
                    let text = write_summary();
                    if summary.with_untracked(|s| *s != text) {
                        summary.set(text);
                    }
                },
            );
            let download_svg = move |_: leptos::ev::MouseEvent| {
                let svg = data.with_untracked(|d| svg_file(kind, &ChartInput::new(d), 1200));
                download::text_file(&format!("{}.svg", kind.file_stem()), "image/svg+xml", &svg);
            };
            let canvas_ref = surface.canvas;
            let download_png = move |_: leptos::ev::MouseEvent| {
                if let Some(canvas) = canvas_ref.get_untracked() {
                    if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                        download::url(&format!("{}.png", kind.file_stem()), &url);
                    }
                }
            };
            let title_id = format!("chart-title-{}", kind.key());
            let labelled_by = title_id.clone();
            view! {
                <figure class="chart" data-testid=format!("chart-{}", kind.key()) aria-labelledby=labelled_by>
                    <figcaption>
                        <h3 id=title_id>{kind.title()}</h3>
                    </figcaption>
                    <canvas
                        node_ref=surface.canvas
                        role="img"
                        aria-label=move || summary.get()
                        data-testid=format!("canvas-{}", kind.key())
                    ></canvas>
                    // A chart with nothing to draw says how to get something in its picture;
                    // the same words again under it would only repeat them (the canvas's name
                    // still holds them for a screen reader).
                    <p
                        class="chart-summary"
                        data-testid=format!("summary-{}", kind.key())
                        hidden=move || summary.with(|s| s == charts::NO_RANGES)
                    >
                        {move || summary.get()}
                    </p>
                    <div class="chart-actions">
                        <button
                            type="button"
                            class="secondary"
                            data-testid=format!("download-svg-{}", kind.key())
                            on:click=download_svg
                        >
                            "Download SVG"
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            data-testid=format!("download-png-{}", kind.key())
                            on:click=download_png
                        >
                            "Download PNG"
                        </button>
                    </div>
                </figure>
            }
        })
        .collect_view();

    view! {
        <section class="charts" aria-labelledby="charts-title">
            <h2 id="charts-title">"The inference iceberg"</h2>
            <ChartLegend />
            <div class="chart-list">
                {figures}
            </div>
        </section>
    }
}

/// Platform colours, in HTML (no legend text on the canvas: plotters measures text through the DOM).
#[component]
fn ChartLegend() -> impl IntoView {
    let state = state();
    let entries = move || {
        let baseline = state.baseline.get();
        state.names.with(|names| {
            names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let style = format!("background: {}", charts::platform_css_colour(i));
                    let striped = charts::second_cycle(i);
                    let marker = (i == baseline).then_some(" (baseline)");
                    view! {
                        <li>
                            <span class="key" class:striped=striped style=style></span>
                            {name.clone()}
                            {marker}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! { <ul class="chart-legend" aria-label="Platforms in the charts">{entries}</ul> }
}
