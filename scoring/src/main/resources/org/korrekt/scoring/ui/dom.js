// Building the page: elements from data, always as text, never as HTML. The page runs under a
// Content-Security-Policy without 'unsafe-inline', so nothing here writes a style attribute;
// sizes (the bars) are set through element.style, which the policy allows.

/**
 * An element: h('a', {href: '#/x', class: 'link'}, 'text', child, [more]).
 * Attributes: 'class', 'dataset' (an object), 'on<event>' (a listener), booleans (present when
 * true), anything else as a string attribute. Children: strings become text nodes; null,
 * undefined and false are skipped; arrays are flattened.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'style') {
        throw new Error('no style attributes: the Content-Security-Policy refuses them');
      } else if (name === 'class') {
        element.className = value;
      } else if (name === 'dataset') {
        Object.assign(element.dataset, value);
      } else if (name.startsWith('on') && typeof value === 'function') {
        element.addEventListener(name.slice(2), value);
      } else if (value === true) {
        element.setAttribute(name, '');
      } else {
        element.setAttribute(name, String(value));
      }
    }
  }
  append(element, children);
  return element;
}

/** Appends children (text, nodes, arrays of them; null skipped) to parent. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
  return parent;
}

/** Replaces everything in parent with children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A table with a caption, header cells and rows of cells (each cell text, a node or a td/th element). */
export function table(options, headers, rows) {
  const head = h('thead', null, h('tr', null, headers.map((header) => cell('th', header, { scope: 'col' }))));
  const body = h(
    'tbody',
    null,
    rows.map((row) => (row instanceof HTMLTableRowElement ? row : h('tr', null, row.map((c) => cell('td', c))))),
  );
  return scroll(h(
    'table',
    { class: options.class ?? 'data', id: options.id },
    options.caption ? h('caption', { class: options.captionClass }, options.caption) : null,
    head,
    body,
  ));
}

function cell(tag, content, attributes) {
  if (content instanceof HTMLTableCellElement) {
    return content;
  }
  return h(tag, attributes, content);
}

/** A definition list from [term, description] pairs. */
export function facts(pairs, className) {
  return h(
    'dl',
    { class: className ?? 'facts' },
    pairs.filter((pair) => pair).map(([term, description]) => h('div', null, h('dt', null, term), h('dd', null, description))),
  );
}

/** A section with a heading; its id is what the heading's aria-labelledby names. */
export function section(id, title, ...children) {
  const headingId = id + '-title';
  return h(
    'section',
    { id, class: 'panel', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    children,
  );
}

/**
 * A wide table in a box of its own that scrolls sideways, so that the page itself never does. The
 * box takes the keyboard's focus (tabindex 0) to scroll by the arrow keys, so it is a named region:
 * label, or else what labelRegions finds once the box is in the page.
 */
export function scroll(element, label) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label ?? null }, element);
}

/**
 * Names each scroll box under root that has no name: by its table's caption, else by the heading
 * just before it, else by its section's heading.
 */
export function labelRegions(root) {
  for (const box of root.querySelectorAll('.table-scroll')) {
    if (box.hasAttribute('aria-label') || box.hasAttribute('aria-labelledby')) {
      continue;
    }
    const caption = box.querySelector('caption')?.textContent;
    let heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) {
      heading = heading.previousElementSibling;
    }
    const section = box.closest('section');
    const sectionHeading = section?.querySelector('h2, h3');
    const name = caption || heading?.textContent || sectionHeading?.textContent || '';
    if (name) {
      box.setAttribute('aria-label', name.trim());
    }
  }
}
