"""Chart builders and their slide form (kesos/charts.py): a spec in, a spec out, no database."""

from kesos import charts


def test_a_slide_spec_is_larger_and_fits_the_projector():
    spec = {"config": {"axis": {"labelFontSize": 16}}, "height": 900, "datasets": {"d": [{"a": 1}]},
            "layer": [{"mark": {"type": "text", "fontSize": 10}}]}
    slide = charts.for_slide(spec, charts.slide_height("kesimpulan pendek"))
    assert slide["config"]["axis"]["labelFontSize"] == 21 and slide["layer"][0]["mark"]["fontSize"] == 13
    assert slide["height"] == charts.SLIDE_HEIGHT and slide["autosize"]["type"] == "fit"
    assert slide["datasets"] is spec["datasets"] and spec["config"]["axis"]["labelFontSize"] == 16
    assert charts.slide_height("x" * 100) < charts.SLIDE_HEIGHT  # a takeaway on two lines leaves less room
