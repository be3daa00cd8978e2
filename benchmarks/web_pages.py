"""The web's pages that show kept assessments, each visited warm and cold (`web-pages`).

Why measured so: those pages read kept snapshots (documents of about 500 KB on the
demo), and reading one back whole and checked costs about 30 ms; the list of the
demo's 15 assessments took half a second on every visit and the association's
benchmark (15 kept + 22 peer files) three quarters of one, until `assessment.parsed`
kept the parses. Each page is asked by a signed-in manager through Starlette's
TestClient over the demo's own store and peers (`clex demo`'s steps, reports left
out, untimed): the clex column is a visit with the parses kept from the visit before,
the baseline a visit with them forgotten just before (an untimed step), which is what
every visit cost before. No target: a row says what a visit costs, and how much of it
the parse was.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import Run
from .measure import Row, interleave
from .web_cases import signed_in

PASSWORD = "bench-password-1"


def _site(folder: Path) -> Any:
    from clex.demo_cmd import run_demo
    from evidence.store import Store
    from web.app import create_app
    from web.users import add_user

    run_demo(folder, reports=False)
    db = str(folder / "clex.db")
    store = Store(db)
    add_user(store, "bench", "manager", "nanotex", PASSWORD)
    store.engine.dispose()
    app = create_app(db, secret="bench", peers=folder / "peers", workspace=folder)
    return app, signed_in(app, "bench", PASSWORD)


def web_pages(run: Run) -> list[Row]:
    from assessment.parsed import PARSED

    rows = []
    with tempfile.TemporaryDirectory(dir=run.scratch) as scratch:
        app, client = _site(Path(scratch) / "demo")
        listing = client.get("/clusters/nanotex/assessments").text
        numbers = sorted({int(n) for n in re.findall(r"/assessments/(\d+)/report", listing)})
        dashboard = client.get("/clusters/nanotex").text
        indicator = re.search(r'href="(/clusters/nanotex/indicators/[^"]+)"', dashboard)
        assert numbers and indicator, "the demo kept no assessment"
        pages = {
            "dashboard": "/clusters/nanotex",
            "indicator": indicator[1],
            f"assessments ({len(numbers)} kept)": "/clusters/nanotex/assessments",
            "compare (2)": f"/clusters/nanotex/compare?n={numbers[0]}&n={numbers[-1]}",
            "benchmark (peers)": "/benchmark",
        }
        for name, url in pages.items():

            def visit(url: str = url) -> None:
                assert client.get(url).status_code == 200

            warm, cold = interleave(
                [visit, visit], k=max(5, run.sizes.k_fast * 2), setups=[None, PARSED.clear]
            )
            rows.append(
                Row(
                    "web-pages",
                    name,
                    warm.median,
                    cold.median,
                    "",
                    None,
                    warm.k,
                    note=f"{url}: a visit with the kept snapshots' parses kept vs forgotten",
                )
            )
        app.state.store.engine.dispose()
    PARSED.clear()
    return rows


CASES: dict[str, Callable[[Run], list[Row]]] = {"web-pages": web_pages}
