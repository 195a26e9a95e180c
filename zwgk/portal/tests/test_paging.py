"""The paging arithmetic of published lists (pure, no database)."""

import pytest

from zwgk.portal.paging import Layout


def entries(layout: Layout, number: int | None = None) -> list[int]:
    start, stop = layout.index_slice() if number is None else layout.archive_slice(number)
    return list(range(start, stop))


@pytest.mark.parametrize(
    ("count", "index", "archives"),
    [
        (0, 0, 0),
        (1, 1, 0),
        (19, 19, 0),
        (20, 20, 0),
        (39, 39, 0),
        (40, 20, 1),
        (45, 25, 1),
        (59, 39, 1),
        (60, 20, 2),
        (1000, 20, 49),
    ],
)
def test_index_shows_between_one_and_two_pages(count, index, archives):
    layout = Layout(count, per_page=20)
    assert len(entries(layout)) == index
    assert len(layout.archives) == archives
    # every item is on exactly one page
    shown = entries(layout) + [i for k in layout.archives for i in entries(layout, k)]
    assert sorted(shown) == list(range(count))


def test_archive_pages_are_full_buckets_from_the_oldest():
    layout = Layout(65, per_page=20)
    assert entries(layout, 1) == list(range(0, 20))
    assert entries(layout, 2) == list(range(20, 40))
    assert entries(layout) == list(range(40, 65))
    with pytest.raises(IndexError):
        layout.archive_slice(3)


def test_neighbours():
    layout = Layout(85, per_page=20)  # archives 1..3, the index holds 60..84
    assert layout.newer(1) == 2 and layout.newer(3) is None
    assert layout.older(1) is None and layout.older(3) == 2


def simulate(count: int, position: int, added: bool, per_page: int = 5) -> set[int]:
    """Archive pages whose content or links differ after one item is added or removed at
    `position` (computed by brute force: render every page before and after)."""
    before = list(range(count))
    after = list(before)
    if added:
        after.insert(position, -1)
    else:
        after.pop(position)

    def pages(items: list[int]) -> dict[int, tuple]:
        layout = Layout(len(items), per_page)
        return {
            k: (
                tuple(items[slice(*layout.archive_slice(k))]),
                layout.newer(k),
                layout.older(k),
            )
            for k in layout.archives
        }

    old, new = pages(before), pages(after)
    return {k for k in new if old.get(k) != new[k]}


@pytest.mark.parametrize("count", range(0, 31))
def test_affected_archives_cover_every_changed_page(count):
    per_page = 5
    for position in range(count + 1):
        changed = simulate(count, position, added=True, per_page=per_page)
        layout = Layout(count + 1, per_page)
        assert changed <= set(layout.affected_archives(position)), (count, position)
    for position in range(count):
        changed = simulate(count, position, added=False, per_page=per_page)
        layout = Layout(count - 1, per_page)
        # the removed item's slot: `position` items come before it
        assert changed <= set(layout.affected_archives(position)), (count, position)


def test_a_new_newest_item_rerenders_a_bounded_number_of_pages():
    for count in (100, 10_000, 1_000_000):
        layout = Layout(count + 1)
        assert len(layout.affected_archives(count)) <= 2
        if (count + 1) % 20 not in (0, 1):  # no bucket filled: no archive page at all
            assert len(layout.affected_archives(count)) == 0


def test_stale_archives_after_removal():
    assert Layout(39, per_page=20).stale_archives_from() == 1  # page-1 folds into the index
    assert Layout(60, per_page=20).stale_archives_from() == 3


@pytest.mark.parametrize("batch", [2, 7, 12])
def test_affected_archives_cover_a_batch_of_new_items(batch):
    """An import adds many items at once, anywhere in the list."""
    per_page = 5
    for count in range(0, 26):
        for lowest in range(count + 1):
            before = list(range(count))
            after = before[:lowest] + [-1] * batch + before[lowest:]
            old_layout, new_layout = Layout(count, per_page), Layout(count + batch, per_page)

            def pages(items, layout):
                return {
                    k: (tuple(items[slice(*layout.archive_slice(k))]), layout.newer(k))
                    for k in layout.archives
                }

            old, new = pages(before, old_layout), pages(after, new_layout)
            changed = {k for k in new if old.get(k) != new[k]}
            assert changed <= set(new_layout.affected_archives(lowest, batch)), (count, lowest)
