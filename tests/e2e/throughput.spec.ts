// Issue 6: throughput. Catalogue presets fill a card (with sources), the precision picker
// quotes a catalogue platform's own FLOPS figure, a target interactivity reads each platform's
// throughput off its measured curve (clamped to the measured range, with a note), curve points
// can be pasted into a card, input and output tokens are costed, the decode ceiling is shown,
// and every new input travels in the link.
import { test, expect, Page } from '@playwright/test';
import { allCells, ready, shownText, watch } from './helpers';

const H200 = 'NVIDIA HGX H200';

/** A card's element: the article labelled "Platform i: ...". */
const card = (page: Page, i: number) => page.locator('article.card').nth(i - 1);

/** Open a card's curve editor (a closed <details>). */
async function openCurveEditor(page: Page, i: number) {
  const details = card(page, i).locator('details.curve-editor');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  await expect(page.getByTestId(`curve-text-${i}`)).toBeVisible();
}

/** Open a card's "Memory and input/output split". */
async function openHardware(page: Page, i: number) {
  const details = card(page, i).locator('details.hardware');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
}

async function openModelSettings(page: Page) {
  const details = page.locator('details.model-settings');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
}

test('picking presets fills the cards and shows their sources', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('preset-1').selectOption('mi355x');
  await expect(page.getByTestId('name-1')).toHaveValue('AMD Instinct MI355X');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('1.48');
  await expect(page.getByTestId('num-kw-1')).toHaveValue('2.65');
  await expect(page.getByTestId('num-pflops-1')).toHaveValue('10.07');
  await expect(page.getByTestId('prec-1')).toHaveValue('fp4-dense');
  // The catalogue has no throughput for it in the seed workload: no figure at all (DESIGN
  // section 1), never the previous card's 90 nor a placeholder.
  await expect(page.getByTestId('num-tps-1')).toHaveValue('');
  await expect(page.getByTestId('no-tps-1')).toContainText('enter a throughput');
  // 10.07 / 1.48 = 6.80 needs no throughput; cost and tokens per MW do.
  await expect(page.getByTestId('out-flops_per_usd-1')).toHaveText('6.80');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('\u2014');
  await expect(page.getByTestId('out-tok_per_mw-1')).toHaveText('\u2014');
  // Entering one applies it: 1.48 / (90 x 3600) x 1e6 = 4.57; 90 x 1000 / 2.65 = 34.0K.
  await page.getByTestId('num-tps-1').fill('90');
  await expect(page.getByTestId('no-tps-1')).toHaveCount(0);
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('4.57');
  await expect(page.getByTestId('out-tok_per_mw-1')).toHaveText('34.0K');
  const sources1 = card(page, 1).locator('details.sources');
  await sources1.locator('summary').click();
  await expect(sources1).toContainText('neocloud $1.90, 3-year rental $2.10');
  await expect(sources1).toContainText('as of 2026-04');
  await expect(sources1).toContainText('AMD Instinct MI355X data sheet');
  await expect(sources1).toContainText(
    'Throughput: the seed table has no figure for AMD Instinct MI355X; pick a measured workload, or enter one for yours.',
  );

  await page.getByTestId('preset-2').selectOption('b200');
  await expect(page.getByTestId('name-2')).toHaveValue('NVIDIA HGX B200');
  await expect(page.getByTestId('num-usd_hr-2')).toHaveValue('1.95');
  await expect(page.getByTestId('num-kw-2')).toHaveValue('2.17');
  await expect(page.getByTestId('num-pflops-2')).toHaveValue('9');
  // GB300's 6,000 does not carry over to B200.
  await expect(page.getByTestId('num-tps-2')).toHaveValue('');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('\u2014');
  await page.getByTestId('num-tps-2').fill('6000');
  // 1.95 / (6000 x 3600) x 1e6 = 0.0903.
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.0903');
  await expect(card(page, 2).locator('details.sources')).toContainText('NVIDIA HGX B200 specifications');

  // A preset with a measured throughput quotes it with its workload and source.
  await page.getByTestId('preset-1').selectOption('h200');
  await expect(page.getByTestId('num-tps-1')).toHaveValue('90');
  await expect(card(page, 1).locator('details.sources')).toContainText(
    'Throughput: 90.0 tokens/s, DeepSeek-R1, SemiAnalysis InferenceX v2',
  );
  // "Custom figures" keeps the numbers and drops the sources.
  await page.getByTestId('preset-1').selectOption('custom');
  await expect(page.getByTestId('num-usd_hr-1')).toHaveValue('1.41');
  await expect(card(page, 1).locator('details.sources')).toHaveCount(0);
  await w.assertClean();
});

test('the precision picker quotes a catalogue figure and the mixed-precision note follows', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('prec-1')).toHaveValue('fp8-sparse');
  await expect(page.getByTestId('mixed-precision')).toHaveText('FLOPS compare unlike precisions: FP8 sparse vs FP4 dense.');
  // H200 at FP8 dense: 1.979 PFLOPS; 1.979 / 1.41 = 1.40.
  await page.getByTestId('prec-1').selectOption('fp8-dense');
  await expect(page.getByTestId('num-pflops-1')).toHaveValue('1.979');
  await expect(page.getByTestId('out-flops_per_usd-1')).toHaveText('1.40');
  await expect(page.getByTestId('x-flops_per_usd-2')).toHaveText('4.03x');
  await expect(page.getByTestId('mixed-precision')).toHaveText('FLOPS compare unlike precisions: FP8 dense vs FP4 dense.');
  // The catalogue has no FP4 dense figure for H200: the number stays, with a note; both
  // platforms now quote FP4 dense, so the mixed-precision note goes.
  await page.getByTestId('prec-1').selectOption('fp4-dense');
  await expect(page.getByTestId('num-pflops-1')).toHaveValue('1.979');
  await expect(card(page, 1)).toContainText('The catalogue has no FP4 dense figure for NVIDIA HGX H200: the number is yours.');
  await expect(page.getByTestId('mixed-precision')).toHaveCount(0);
  // GB300 at FP8 sparse: 10 PFLOPS; 10 / 2.65 = 3.77; the note comes back.
  await page.getByTestId('prec-2').selectOption('fp8-sparse');
  await expect(page.getByTestId('num-pflops-2')).toHaveValue('10');
  await expect(page.getByTestId('out-flops_per_usd-2')).toHaveText('3.77');
  await expect(page.getByTestId('mixed-precision')).toHaveText('FLOPS compare unlike precisions: FP4 dense vs FP8 sparse.');
  // The precision travels in the link.
  await expect.poll(() => page.url()).toContain('prec2=fp8-sparse');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('prec-2')).toHaveValue('fp8-sparse');
  await expect(page.getByTestId('num-pflops-2')).toHaveValue('10');
  await w.assertClean();
});

test('a target interactivity reads the throughput off the measured curve', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await expect(page.getByTestId('num-target')).toHaveValue('');
  await expect(page.getByTestId('curve-note-1')).toHaveCount(0);
  // H200's curve is its InferenceX FP8 1k/1k frontier: at 49 tokens/s per user the monotone
  // cubic (Steffen slopes, linear axes) between (36.669, 480.21) and (54.840, 330.83) gives 384.26.
  await page.getByTestId('num-target').fill('49');
  await expect(page.getByTestId('out-tps-1')).toHaveText('384');
  // 1.41 / (384.26 x 3600) x 1e6 = 1.02.
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('1.02');
  await expect(page.getByTestId('curve-note-1')).toHaveText(
    'At the target 49.0 tokens/s per user this platform delivers 384 tokens/s per GPU (the throughput box shows it).',
  );
  // GB300 reads its FP4 frontier too: 7,823.5 at 49, so 7,823.5 / 384.26 = 20.4x.
  await expect(page.getByTestId('out-tps-2')).toHaveText('7.82K');
  await expect(page.getByTestId('x-tps-2')).toHaveText('20.4x');
  // The box shows the figure in force, so the box and the results never disagree.
  expect(Math.abs(Number(await page.getByTestId('num-tps-1').inputValue()) - 384.26)).toBeLessThan(0.5);

  // Outside the measured range (30.7 to 117.3), the curve is held at its end, with a note and
  // a flag beside the cells.
  await page.getByTestId('num-target').fill('150');
  await expect(page.getByTestId('out-tps-1')).toHaveText('21.0');
  await expect(page.getByTestId('out-cost_per_mtok-1')).toHaveText('18.7');
  await expect(page.getByTestId('flag-cost_per_mtok-1')).toHaveText('held at the measured end');
  await expect(page.getByTestId('curve-note-1')).toContainText('21.0 tokens/s per GPU (above the measured range: held at its last point)');
  await page.getByTestId('num-target').fill('10');
  await expect(page.getByTestId('out-tps-1')).toHaveText('890');
  await expect(page.getByTestId('curve-note-1')).toContainText('890 tokens/s per GPU (below the measured range: held at its first point)');
  // Between two points the value lies between them (monotone interpolation).
  await page.getByTestId('num-target').fill('58');
  const between = Number(await shownText(page.getByTestId('out-tps-1')));
  expect(between).toBeGreaterThan(201.64);
  expect(between).toBeLessThan(330.83);
  await expect(page.getByTestId('curve-note-1')).not.toContainText('measured range');
  // An empty target puts the cards' own figures back.
  await page.getByTestId('num-target').fill('');
  await expect(page.getByTestId('err-target')).toHaveCount(0);
  await expect(page.getByTestId('out-tps-1')).toHaveText('90.0');
  await expect(page.getByTestId('curve-note-1')).toHaveCount(0);
  await page.getByTestId('num-target').fill('0');
  await expect(page.getByTestId('err-target')).toBeVisible();
  await expect(page.getByTestId('out-tps-1')).toHaveText('90.0');
  await w.assertClean();
});

test('a throughput slider step sets the measured curve aside, and says how to have it back', async ({ page }) => {
  // Was a gap, fixed: one step of H200's throughput slider made its measured curve vanish from
  // the card ("none (add points)") and from the curves chart, with no word and no way back.
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await openCurveEditor(page, 1);
  const summary = card(page, 1).locator('details.curve-editor summary');
  await expect(summary).toHaveText(/^Measured curve: \d+ points$/);
  await expect(page.getByTestId('curve-measured-1')).toHaveCount(0);
  await page.getByTestId('in-tps-1').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('out-tps-1')).not.toHaveText('90.0');
  await expect(summary).toHaveText('Measured curve: set aside, the throughput you typed is in force');
  await expect(page.getByTestId('summary-curves')).not.toContainText('NVIDIA HGX H200');
  await page.getByTestId('curve-measured-1').click();
  await expect(page.getByTestId('out-tps-1')).toHaveText('90.0');
  await expect(summary).toHaveText(/^Measured curve: \d+ points$/);
  await expect(page.getByTestId('curve-measured-1')).toHaveCount(0);
  await expect(page.getByTestId('summary-curves')).toContainText('NVIDIA HGX H200');
  await w.assertClean();
});

test('pasted curve points make a platform follow the target', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await openCurveEditor(page, 2);
  // GB300 comes with its measured frontier (data/measurements.csv); pasted points replace it.
  await expect(card(page, 2).locator('details.curve-editor summary')).toHaveText(/^Measured curve: \d+ points$/);
  await page.getByTestId('curve-text-2').fill('interactivity,throughput\n20,8000\n50,6000\n100,2000\n');
  await page.getByTestId('curve-apply-2').click();
  await expect(page.getByTestId('curve-err-2')).toHaveCount(0);
  await expect(card(page, 2).locator('details.curve-editor summary')).toHaveText('Measured curve: 3 points');
  // No target yet: the card's own figure.
  await expect(page.getByTestId('out-tps-2')).toHaveText('6.00K');
  await page.getByTestId('num-target').fill('100');
  // 2.65 / (2000 x 3600) x 1e6 = 0.368.
  await expect(page.getByTestId('out-tps-2')).toHaveText('2.00K');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.368');
  await expect(page.getByTestId('curve-note-2')).toContainText('2,000 tokens/s per GPU');
  await page.getByTestId('num-target').fill('20');
  await expect(page.getByTestId('out-tps-2')).toHaveText('8.00K');
  await expect(page.getByTestId('out-cost_per_mtok-2')).toHaveText('0.0920');
  await page.getByTestId('num-target').fill('200');
  await expect(page.getByTestId('out-tps-2')).toHaveText('2.00K');
  await expect(page.getByTestId('curve-note-2')).toContainText('above the measured range');

  // The curve travels in the link and comes back on reload. Wait for the address bar to hold
  // the last target too (it is written after a short rest), or the reload may read an earlier one.
  await expect.poll(() => decodeURIComponent(page.url())).toMatch(/curve2=20:8k;50:6k;100:2k(&|$)/);
  await expect.poll(() => decodeURIComponent(page.url())).toMatch(/[?&]target=200(&|$)/);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('out-tps-2')).toHaveText('2.00K');
  await openCurveEditor(page, 2);
  const text = (await page.getByTestId('curve-text-2').inputValue()).replace(/\r/g, '');
  expect(text).toContain('20,8000\n50,6000\n100,2000');

  // Emptying the box and applying removes the pasted points: GB300's measured frontier is in
  // force again (it spans 14.9 to 308 tokens/s per user: 200 is read off it).
  await page.getByTestId('curve-text-2').fill('');
  await page.getByTestId('curve-apply-2').click();
  await expect(page.getByTestId('out-tps-2')).not.toHaveText('2.00K');
  await expect(card(page, 2).locator('details.curve-editor summary')).toHaveText(/^Measured curve: \d+ points$/);
  await expect(page.getByTestId('curve-note-2')).toContainText('At the target 200 tokens/s per user');
  await expect(page.getByTestId('curve-note-2')).not.toContainText('measured range');
  // Without a target the card's own figure is back.
  await page.getByTestId('num-target').fill('');
  await expect(page.getByTestId('out-tps-2')).toHaveText('6.00K');
  await expect(page.getByTestId('curve-note-2')).toHaveCount(0);
  await w.assertClean();
});

test('bad curve text is refused with a message and the curve in force stays', async ({ page }) => {
  const w = watch(page);
  await page.goto('./?v=1&preset1=h200&preset2=gb300&curve2=20:8000;50:6000;100:2000&target=100');
  await ready(page);
  await expect(page.getByTestId('out-tps-2')).toHaveText('2.00K');
  await openCurveEditor(page, 2);
  const apply = async (text: string, message: RegExp) => {
    await page.getByTestId('curve-text-2').fill(text);
    await page.getByTestId('curve-apply-2').click();
    await expect(page.getByTestId('curve-err-2')).toHaveText(message);
    await expect(page.getByTestId('out-tps-2')).toHaveText('2.00K');
  };
  await apply('10,abc\n20,100', /^line 1, column 2: "abc" is not a number$/);
  await apply('10,6,000\n20,100', /^line 1: expected 2 numbers \(interactivity, throughput\), found 3; a comma separates cells, so write 6000 or 6k, not 6,000$/);
  await apply('10,100', /^a curve needs at least 2 points \(found 1\)$/);
  await apply('10,100\n10,200', /^line 1 and line 2 have the same interactivity \(10\): keep one of them$/);
  await apply('10,100\n20,-5', /^line 2: .*-5.* is outside 0\.001 to 10,000,000/);
  // A good paste clears the message.
  await page.getByTestId('curve-text-2').fill('20,8000\n100,3000');
  await page.getByTestId('curve-apply-2').click();
  await expect(page.getByTestId('curve-err-2')).toHaveCount(0);
  await expect(page.getByTestId('out-tps-2')).toHaveText('3.00K');
  await w.assertClean();
});

test('a bad curve in a link is named and the preset\'s curve stays', async ({ page }) => {
  await page.goto('./?preset1=h200&curve1=10:5;10:6&target=49&preset2=gb300');
  await ready(page);
  const lines = (await page.getByTestId('notice').locator('li').allTextContents()).map((l) => l.trim());
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith('curve1:')).toBe(true);
  await expect(page.getByTestId('out-tps-1')).toHaveText('384');
});

test('input and output token costs and the decode ceiling', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  // The default mix: 1,000 input and 1,000 output tokens, output priced 4x input, no prefill
  // figure. H200: a request takes 1000 / 90 s = $0.004352; per million input tokens
  // 0.004352 x 1e6 / (4 x 1000 + 1000) = 0.870, output 4 x 0.870 = 3.48, blended / 2000 = 2.18.
  const expected: Record<string, string> = {
    'out-cost_in_mtok-1': '0.870', 'out-cost_out_mtok-1': '3.48',
    'out-cost_request-1': '0.00435', 'out-cost_blend_mtok-1': '2.18',
    // GB300: 2.65 / 3600 x 1000 / 6000 = $0.0001227 a request.
    'out-cost_in_mtok-2': '0.0245', 'out-cost_out_mtok-2': '0.0981',
    'out-cost_request-2': '1.23e-4', 'out-cost_blend_mtok-2': '0.0613',
  };
  let cells = await allCells(page);
  for (const [id, value] of Object.entries(expected)) expect(cells[id], id).toBe(value);
  await expect(page.getByTestId('throughput-table').locator('caption')).toHaveText(
    'Workload of 1,000 input and 1,000 output tokens per request',
  );
  // The ceiling rows: present and finite, and each platform has its sentence.
  for (const i of [1, 2]) {
    for (const row of ['ceiling', 'ceiling_share']) {
      const text = cells[`out-${row}-${i}`];
      expect(text, `out-${row}-${i}`).toMatch(/^\d+(\.\d+)?[KMBT]?$/);
    }
    await expect(page.getByTestId(`ceiling-${i}`)).toContainText('tokens/s per GPU');
  }
  await expect(page.getByTestId('ceiling-1')).toContainText(`${H200}: at most`);

  // An output price equal to the input price: both cost the blended figure.
  await openHardware(page, 1);
  await expect(page.getByTestId('num-io_ratio-1')).toHaveValue('4');
  await page.getByTestId('num-io_ratio-1').fill('1');
  await expect(page.getByTestId('out-cost_in_mtok-1')).toHaveText('2.18');
  await expect(page.getByTestId('out-cost_out_mtok-1')).toHaveText('2.18');
  // A prefill figure splits the request's cost; it adds nothing on top (DESIGN section 1: the
  // 90 tokens/s already hold the input's share). Request 1.41 / 3600 x 1000 / 90 = 0.00435 as
  // before; input 1.41 / (10,000 x 3600) x 1e6 = 0.0392; decode time 1000 / 90 - 1000 / 10,000
  // = 11.011 s, so output 1.41 / 3600 x 11.011 / 1000 x 1e6 = 4.31; blended 0.004352 / 2000 = 2.18.
  await page.getByTestId('num-prefill-1').fill('10000');
  await expect(page.getByTestId('out-cost_in_mtok-1')).toHaveText('0.0392');
  await expect(page.getByTestId('out-cost_out_mtok-1')).toHaveText('4.31');
  await expect(page.getByTestId('out-cost_request-1')).toHaveText('0.00435');
  await expect(page.getByTestId('out-cost_blend_mtok-1')).toHaveText('2.18');
  // The mix: 8,000 input tokens.
  await page.getByTestId('num-in_tok').fill('8000');
  await expect(page.getByTestId('throughput-table').locator('caption')).toHaveText(
    'Workload of 8,000 input and 1,000 output tokens per request',
  );
  // The request still costs 0.00435; decode time 11.111 - 8000 / 10,000 = 10.311 s, so output
  // 1.41 / 3600 x 10.311 / 1000 x 1e6 = 4.04, and the blend 0.004352 / 9000 x 1e6 = 0.484.
  await expect(page.getByTestId('out-cost_request-1')).toHaveText('0.00435');
  await expect(page.getByTestId('out-cost_out_mtok-1')).toHaveText('4.04');
  await expect(page.getByTestId('out-cost_blend_mtok-1')).toHaveText('0.484');
  // Memory bandwidth moves the ceiling.
  const ceilingBefore = await shownText(page.getByTestId('out-ceiling-1'));
  await page.getByTestId('num-hbm-1').fill('9.6');
  await expect(page.getByTestId('out-ceiling-1')).not.toHaveText(ceilingBefore);
  cells = await allCells(page);
  for (const [id, text] of Object.entries(cells)) {
    if (id.startsWith('out-')) expect(text, id).not.toMatch(/NaN|inf|n\/a|^$/);
  }
  await w.assertClean();
});

test('every new input has a link key: a reload keeps the values', async ({ page }) => {
  const w = watch(page);
  await page.goto('./');
  await ready(page);
  await page.getByTestId('num-target').fill('49');
  await page.getByTestId('num-in_tok').fill('2000');
  await page.getByTestId('num-out_tok').fill('500');
  await openHardware(page, 1);
  await page.getByTestId('num-hbm-1').fill('5');
  await page.getByTestId('num-hbm_gb-1').fill('150');
  await page.getByTestId('num-prefill-1').fill('20000');
  await openHardware(page, 2);
  await page.getByTestId('num-io_ratio-2').fill('5');
  await openModelSettings(page);
  const model: Record<string, string> = {
    m_total: '700', m_active: '40', m_experts: '128', m_k: '4', m_kv: '50000',
  };
  for (const [key, value] of Object.entries(model)) await page.getByTestId(`num-${key}`).fill(value);
  // The serving set-up is per platform, on the card.
  const setup: Record<string, string> = { m_bytes: '0.5', ctx: '3000', batch: '128', gpus: '4', mtp: '2' };
  for (const [key, value] of Object.entries(setup)) await page.getByTestId(`num-${key}-1`).fill(value);
  await expect.poll(() => page.url()).toContain('mtp1=2');
  const q = new URL(page.url()).searchParams;
  expect(q.get('target')).toBe('49');
  expect(q.get('in_tok')).toBe('2000');
  expect(q.get('out_tok')).toBe('500');
  expect(q.get('hbm1')).toBe('5');
  expect(q.get('hbm_gb1')).toBe('150');
  expect(q.get('prefill1')).toBe('20000');
  expect(q.get('io_ratio2')).toBe('5');
  for (const [key, value] of Object.entries(model)) expect(q.get(key), key).toBe(value);
  for (const [key, value] of Object.entries(setup)) expect(q.get(`${key}1`), key).toBe(value);
  const before = await allCells(page);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('num-target')).toHaveValue('49');
  await expect(page.getByTestId('num-in_tok')).toHaveValue('2000');
  await expect(page.getByTestId('num-out_tok')).toHaveValue('500');
  await expect(page.getByTestId('num-hbm-1')).toHaveValue('5');
  await expect(page.getByTestId('num-hbm_gb-1')).toHaveValue('150');
  await expect(page.getByTestId('num-prefill-1')).toHaveValue('20000');
  await expect(page.getByTestId('num-io_ratio-2')).toHaveValue('5');
  for (const [key, value] of Object.entries(model)) {
    await expect(page.getByTestId(`num-${key}`), key).toHaveValue(value);
  }
  for (const [key, value] of Object.entries(setup)) {
    await expect(page.getByTestId(`num-${key}-1`), key).toHaveValue(value);
  }
  expect(await allCells(page)).toEqual(before);
  await expect(page.getByTestId('out-tps-1')).toHaveText('384');
  await w.assertClean();
});

test('the curves chart shows the measured curves and the operating points', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  const summary = page.getByTestId('summary-curves');
  test.skip((await summary.count()) === 0, 'the curves chart is not on the page in this build');
  await expect(summary).toContainText(`${H200}: 10 points from 30.7 to 117 tokens/s per user.`);
  await page.getByTestId('num-target').fill('49');
  await expect(summary).toContainText('At the target of 49.0 tokens/s per user:');
  await expect(summary).toContainText(`${H200} 384 tokens/s per GPU at 49.0 per user`);
});
