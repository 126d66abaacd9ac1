// SPDX-License-Identifier: MIT
// Run by map_render_test.sh inside a page holding footprint's maps (svg.map), in headless
// Chromium with the fonts it really uses: appends a <pre> (id map-check) listing, per map, its
// counts, and every text that runs off the picture (its box against the viewBox of the <svg>
// it sits in: a label against the map's frame, anything else against the whole picture),
// every two texts that overlap, and a missing or shrunken outline of England.
(function () {
  const lines = [];
  const eps = 0.5; // half a pixel of rounding
  const overlap = (a, b) =>
    a.left < b.right - eps && b.left < a.right - eps && a.top < b.bottom - eps &&
    b.top < a.bottom - eps;
  const insideViewBox = (t) => {
    const b = t.getBBox();
    const v = t.ownerSVGElement.viewBox.baseVal;
    return b.x >= v.x - eps && b.y >= v.y - eps && b.x + b.width <= v.x + v.width + eps &&
      b.y + b.height <= v.y + v.height + eps;
  };
  document.querySelectorAll('svg.map').forEach((svg, m) => {
    const frame = svg.querySelector('svg.frame');
    const england = svg.querySelector('path.england');
    if (!frame || !england) {
      lines.push(`NO-OUTLINE map ${m}`);
      return;
    }
    const e = england.getBBox(), f = frame.viewBox.baseVal;
    if (e.width < 0.5 * f.width && e.height < 0.5 * f.height) {
      lines.push(`NO-OUTLINE map ${m}: England is ${e.width} x ${e.height} in ${f.width} x ${f.height}`);
    }
    const texts = Array.from(svg.querySelectorAll('text')).map((t) => ({
      cls: t.getAttribute('class'),
      text: t.firstChild ? t.firstChild.nodeValue : '',
      el: t,
      box: t.getBoundingClientRect(),
    }));
    texts.forEach((t, i) => {
      if (t.cls === 'label' && t.el.ownerSVGElement !== frame) {
        lines.push(`OUTSIDE map ${m}: label "${t.text}" is not in the map's frame`);
      }
      if (!insideViewBox(t.el)) {
        lines.push(`OUTSIDE map ${m}: ${t.cls} "${t.text}"`);
      }
      for (let j = 0; j < i; j++) {
        if (overlap(t.box, texts[j].box)) {
          lines.push(`OVERLAP map ${m}: "${t.text}" and "${texts[j].text}"`);
        }
      }
    });
    const labels = texts.filter((t) => t.cls === 'label').length;
    const units = svg.querySelectorAll('path.unit').length;
    const rows = texts.filter((t) => t.cls === 'legend').length;
    lines.push(`MAP ${m} units ${units} labels ${labels} legend ${rows}`);
  });
  lines.push(`HEIGHT ${Math.ceil(document.documentElement.scrollHeight)}`);
  const pre = document.createElement('pre');
  pre.id = 'map-check';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
})();
