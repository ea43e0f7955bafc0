// The stylesheet's design tokens: every colour is named once, in the
// token blocks at the top of static/app.css (light, and dark for
// screens that prefer it), and each pair of text and background that
// the pages use is at least 4.5:1 (WCAG AA) in both schemes.  Reads
// the file; no server.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const css = fs.readFileSync(path.join(ROOT, 'static', 'app.css'), 'utf8')
	.replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties declared in the first block after `opener`. */
function tokens(opener) {
	const at = css.indexOf(opener);
	assert.ok(at >= 0, `no ${opener} in app.css`);
	const body = css.slice(css.indexOf('{', at + opener.length - 1) + 1);
	const block = body.slice(0, body.indexOf('}'));
	return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)]
		.map((m) => [m[1], m[2].trim()]));
}

const light = tokens(':root {');
const dark = { ...light, ...tokens('prefers-color-scheme: dark) {\n  :root {') };

function luminance(hex) {
	const m = hex.match(/^#([0-9a-f]{6})$/i);
	assert.ok(m, `${hex} is not a #rrggbb colour`);
	const [r, g, b] = [0, 2, 4].map((i) => {
		const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}

// [text, background]: what the pages put on what.
const PAIRS = [
	...['ink', 'muted', 'accent', 'danger', 'ok', 'warn-ink', 'attention']
		.flatMap((t) => [[t, 'bg'], [t, 'card']]),
	['ink', 'field-bg'], ['accent-ink', 'accent'], ['ok', 'ok-bg'],
	['danger', 'error-bg'], ['warn-ink', 'warn-bg'], ['info-ink', 'info-bg'],
	['orange-ink', 'orange-bg'], ['muted', 'neutral-bg'], ['ink', 'code-bg'],
	['bar-ink', 'bar-bg'], ['bar-muted', 'bar-bg'], ['attention', 'attention-bg'],
	['ink', 'attention-bg'], ['ink', 'accent-soft'],
	...[1, 2, 3, 4, 5].map((n) => ['stage-ink', `stage-${n}`]),
];

for (const [scheme, t] of [['light', light], ['dark', dark]]) {
	test(`every text colour of the ${scheme} scheme reads at 4.5:1 or more on its backgrounds`, () => {
		const low = [];
		for (const [fg, bg] of PAIRS) {
			assert.ok(t[fg] && t[bg], `--${fg} or --${bg} is not a token`);
			const ratio = contrast(t[fg], t[bg]);
			if (ratio < 4.5) low.push(`--${fg} on --${bg}: ${ratio.toFixed(2)}:1`);
		}
		assert.deepEqual(low, []);
	});
}

test('the dark scheme gives every colour token of the light one a value of its own, or keeps it on purpose', () => {
	// Stage colours, the focus ring and the chips' white text read on
	// either background, so they stay.
	const kept = new Set(['stage-1', 'stage-2', 'stage-3', 'stage-4', 'stage-5', 'stage-ink',
		'chip-shade', 'focus']);
	const colours = Object.entries(light).filter(([, v]) => /^(#|rgba?\()/.test(v)).map(([k]) => k);
	const darkOwn = tokens('prefers-color-scheme: dark) {\n  :root {');
	assert.deepEqual(colours.filter((k) => !kept.has(k) && !(k in darkOwn)), []);
});

test('no colour is written outside the token blocks', () => {
	const start = css.indexOf(':root {');
	const darkAt = css.indexOf('prefers-color-scheme: dark)');
	const endOfDark = css.indexOf('}\n}', darkAt) + 3;
	const rest = css.slice(0, start) + css.slice(endOfDark);
	const literals = [...rest.matchAll(/#[0-9a-f]{3,8}\b|rgba?\([^)]*\)/gi)].map((m) => m[0]);
	assert.deepEqual(literals, []);
});
