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
