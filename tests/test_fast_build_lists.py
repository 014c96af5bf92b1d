"""fast_build's tag, category and author lists: Pelican's lists, in linear time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.fast_build.list_pages import in_date_order


class Post:
    """A stand-in for a Content object: no equality of its own, as Pelican's."""

    def __init__(self, number: int) -> None:
        self.number = number


POSTS = [Post(number) for number in range(12)]


@given(dates=st.permutations(POSTS).map(lambda posts: posts[:9]),
       members=st.lists(st.sampled_from(POSTS), max_size=15))
def test_a_list_is_pelicans_dates_filtered_by_membership(dates, members):
    """Same articles, same order, each once, those outside `dates` left out."""
    position = {id(post): index for index, post in enumerate(dates)}
    expected = [post for post in dates if post in members]  # Pelican 4.12's loop
    assert in_date_order(members, dates, position) == expected


def test_articles_are_told_apart_by_identity_not_by_equal_fields():
    twins = [Post(1), Post(1)]
    position = {id(post): index for index, post in enumerate(twins)}
    assert in_date_order([twins[1]], twins, position) == [twins[1]]
