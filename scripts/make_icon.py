"""Draw assets/icon.png, the app's page icon (browser tab and bookmarks).

The icon ships with the app, so the browser never fetches a favicon from elsewhere (a Material
symbol as `page_icon` makes Streamlit point the favicon at a font CDN). Two arrows that pass
each other (an exchange) in white on the theme's blue, drawn at 4x and scaled down smoothly.

    python scripts/make_icon.py    # writes assets/icon.png
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "assets" / "icon.png"
SIZE, SCALE = 64, 4
BLUE, WHITE = (0, 85, 204, 255), (255, 255, 255, 255)


def draw() -> Image.Image:
    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * SCALE, fill=BLUE)

    def s(*xy: float) -> list[float]:
        return [v * SCALE for v in xy]

    # Upper arrow to the right, lower arrow to the left.
    pen.rectangle(s(12, 19, 40, 27), fill=WHITE)
    pen.polygon(s(38, 11, 54, 23, 38, 35), fill=WHITE)
    pen.rectangle(s(24, 37, 52, 45), fill=WHITE)
    pen.polygon(s(26, 29, 10, 41, 26, 53), fill=WHITE)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT}")
