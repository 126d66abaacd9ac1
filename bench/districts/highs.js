// SPDX-License-Identifier: MIT
// HiGHS (the npm package `highs`, HiGHS compiled to WebAssembly, one thread) on an LP-format
// model, for the districting benchmark (bench/README.md "Districting against cbc and HiGHS").
//
//   node bench/districts/highs.js MODEL.lp LIMIT_S
//
// Prints one line: "status <HiGHS model status> objective <value> bound <dual bound> gap
// <gap>", the bound and gap read from HiGHS's own closing report ("?" when it printed none).
// NODE_PATH must reach the package (bench/districts/setup.sh installs it; 1.15.3 measured:
// 1.8.0 aborted on these models).
'use strict';
const fs = require('fs');

async function main() {
    const [file, limit] = process.argv.slice(2);
    if (!file || !limit) {
        console.error('usage: highs.js MODEL.lp LIMIT_S');
        process.exit(2);
    }
    const log = [];
    const keep = (s) => log.push(s);
    const highs = await require('highs')({ print: keep, printErr: keep });
    const sol = highs.solve(fs.readFileSync(file, 'utf8'), {
        time_limit: Number(limit),
        output_flag: true,
        log_to_console: true,
    });
    const field = (name) => {
        const line = log.filter((s) => s.trim().startsWith(name + ' ')).pop();
        return line ? line.trim().split(/\s+/)[name.split(' ').length] : '?';
    };
    console.log(`status ${sol.Status.replace(/ /g, '_')} objective ${sol.ObjectiveValue} ` +
                `bound ${field('Dual bound')} gap ${field('Gap')}`);
}

main().catch((e) => {
    console.error(String(e));
    process.exit(1);
});
