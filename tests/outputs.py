"""Reading what an ipywidgets Output holds, for the widget and wizard tests."""

from __future__ import annotations

import ipywidgets


def shown_text(output: ipywidgets.Output) -> str:
    """Everything an Output holds, as text: streams, plain text and HTML."""
    parts = []
    for item in output.outputs:
        if item["output_type"] == "stream":
            parts.append(item["text"])
        else:
            parts += [item["data"].get("text/plain", ""), item["data"].get("text/html", "")]
    return "\n".join(parts)
