// Market countdowns, kept current from the tip height live.js reads off the event stream (a 'hashmint:tip' event per
// block). The server renders the same words for the tip it saw (MarketText), so without JavaScript they are right when
// the page is loaded.
//  - [data-countdown][data-end=H]: an auction that settles at the end of block H: "ends in N blocks" (N = H - tip);
//  - [data-dutch]: a Dutch listing's price now (a buy in the next block) and at the block after, with the chain's
//    integer rule (ListingTerms.PriceAt): start - (start - end) * (h - startHeight) / (endHeight - startHeight).

export function endsIn(end, tip) {
  const n = end - tip;
  if (n <= 0) return `ended at block ${end}`;
  return n === 1 ? 'ends in 1 block' : `ends in ${n} blocks`;
}

export function priceAt(startUnits, endUnits, startHeight, endHeight, h) {
  if (h <= startHeight) return startUnits;
  if (h >= endHeight) return endUnits;
  const drop = (startUnits - endUnits) * BigInt(h - startHeight) / BigInt(endHeight - startHeight);
  return startUnits - drop;
}

export function coins(units) {
  const whole = units / 100000000n;
  const frac = units % 100000000n;
  if (frac === 0n) return `${whole} HMT`;
  return `${whole}.${frac.toString().padStart(8, '0').replace(/0+$/, '')} HMT`;
}

export function dutchNow(el, tip) {
  const s = BigInt(el.dataset.startUnits), e = BigInt(el.dataset.endUnits);
  const sh = Number(el.dataset.startHeight), eh = Number(el.dataset.endHeight);
  return `${coins(priceAt(s, e, sh, eh, tip + 1))} now, ${coins(priceAt(s, e, sh, eh, tip + 2))} at the next block`;
}

function update(tip) {
  for (const el of document.querySelectorAll('[data-countdown]')) el.textContent = endsIn(Number(el.dataset.end), tip);
  for (const el of document.querySelectorAll('[data-dutch]')) el.textContent = dutchNow(el, tip);
  document.documentElement.dataset.marketTip = String(tip);
}

document.addEventListener('hashmint:tip', (e) => update(Number(e.detail)));
// A block that arrived before this module loaded has already moved the footer's tip height (live.js): start from it.
const footerTip = Number(document.querySelector('[data-tip-height]')?.textContent);
if (Number.isInteger(footerTip) && footerTip > 0) update(footerTip);

// The CLI line beside each market form follows what is typed: the same words MarketActions.Cli builds on the server
// (its option for each field, in order; blank fields left out, quantity 1 being the default), quoted for a POSIX shell.
export function quote(word) {
  return word.length > 0 && /^[A-Za-z0-9\-_./:=@%+,]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export function cliLine(action, options, values, dataDir) {
  const words = ['market', action];
  for (const [field, option] of options) {
    const value = (values[field] ?? '').trim();
    if (!value || (field === 'Quantity' && value === '1')) continue;
    words.push(option, value);
  }
  words.push('--datadir', dataDir);
  return 'hashmint ' + words.map(quote).join(' ');
}

for (const code of document.querySelectorAll('code[data-cli-options]')) {
  const form = code.closest('form');
  if (!form) continue;
  const options = JSON.parse(code.dataset.cliOptions);
  const render = () => {
    const values = {};
    for (const [field] of options) {
      const el = form.elements[`Form.${field}`];
      if (el) values[field] = el.value;
    }
    code.textContent = cliLine(form.dataset.action, options, values, code.dataset.cliDatadir);
  };
  form.addEventListener('input', render);
  form.addEventListener('change', render);
  render(); // what was typed before this module loaded
}

document.documentElement.dataset.market = 'ready';
