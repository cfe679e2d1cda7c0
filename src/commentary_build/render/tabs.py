"""Material's tabs ("content tabs", alternate style) as static markup: radio inputs, labels, blocks.

Material styles and scripts this markup without a Markdown extension in the page; the
first tab is checked, so the page reads correctly with scripts off.
"""

from __future__ import annotations

from markupsafe import escape


def tabbed_set(name: str, key: str, tabs: list[tuple[str, str, str]]) -> str:
    """One tab set; ``tabs`` are (label, view name, body HTML). ``name`` groups the radio inputs, ``key`` numbers the set."""
    inputs = "".join(
        f'<input id="{escape(name)}_{i}" name="{escape(name)}" type="radio"{" checked" if i == 1 else ""}>' for i in range(1, len(tabs) + 1)
    )
    labels = "".join(f'<label for="{escape(name)}_{i}">{escape(label)}</label>' for i, (label, _view, _body) in enumerate(tabs, 1))
    blocks = "".join(f'<div class="tabbed-block" data-view="{escape(view)}">{body}</div>' for _label, view, body in tabs)
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="{escape(key)}:{len(tabs)}">{inputs}'
        f'<div class="tabbed-labels">{labels}</div><div class="tabbed-content">{blocks}</div></div>'
    )
