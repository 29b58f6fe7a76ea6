from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.geometry import cluster_by, inside_share, merge_boxes, union


def test_union_and_share():
    assert union([(0, 0, 1, 1), (2, 2, 3, 3)]) == (0, 0, 3, 3)
    assert inside_share((0, 0, 10, 10), (0, 0, 5, 10)) == 0.5
    assert inside_share((20, 20, 30, 30), (0, 0, 5, 5)) == 0.0


def test_cluster_by():
    assert cluster_by([1.0, 2.0, 10.0], float, 2.0) == [[1.0, 2.0], [10.0]]


def test_merge_boxes():
    merged = merge_boxes([(0, 0, 1, 1), (1.5, 0, 2, 1), (9, 9, 10, 10)], 1)
    assert sorted(merged) == sorted([((0, 0, 2, 1), 2), ((9, 9, 10, 10), 1)])


def _merge_boxes_reference(boxes, gap):
    """The plain quadratic greedy merge that ``merge_boxes`` sweeps faster."""
    from pipeline.geometry import intersect
    clusters = []
    for b in sorted(boxes, key=lambda r: (r[1], r[0])):
        grown = (b[0] - gap, b[1] - gap, b[2] + gap, b[3] + gap)
        hit = [i for i, (c, _) in enumerate(clusters) if intersect(grown, c)]
        if not hit:
            clusters.append((b, 1))
            continue
        merged = union([b] + [clusters[i][0] for i in hit])
        count = 1 + sum(clusters[i][1] for i in hit)
        clusters = [c for i, c in enumerate(clusters) if i not in hit] + [(merged, count)]
    return clusters


_coord = st.one_of(st.integers(0, 30).map(float), st.floats(0, 100, allow_nan=False))
_box = st.tuples(_coord, _coord, st.sampled_from([0.0, 0.5, 3.0]), st.sampled_from([0.0, 1.0, 8.0])).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_box, max_size=40), st.sampled_from([0.0, 1.0, 4.0]))
def test_merge_boxes_equals_the_quadratic_merge(boxes, gap):
    assert merge_boxes(boxes, gap) == _merge_boxes_reference(boxes, gap)
