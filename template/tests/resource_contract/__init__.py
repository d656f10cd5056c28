"""The tests every resource passes, in one place; each resource's test module gives data.

A resource's module describes it in a `ResourceCase` (URL, a payload factory,
sort keys, filters, invalid values, required fields, owner, writing role...)
and subclasses `ResourceContract` with that case; pytest collects the
contract's tests in that subclass, which also holds the resource's own tests
and the fixture that inserts the rows its `fk` fields point at (`refs`):

    class TestProducts(ResourceContract):
        case = PRODUCTS

Change a test here and every resource follows.
"""

from .access import AccessContract
from .case import Refs, ResourceCase
from .reads import ReadContract
from .storage import StorageContract
from .writes import WriteContract

__all__ = ["Refs", "ResourceCase", "ResourceContract"]


class ResourceContract(StorageContract, AccessContract, WriteContract, ReadContract):
    """Every test of the contract; subclass it with `case = <your ResourceCase>`.

    (pytest runs the parts from the last base to the first: reads, writes, access, storage.)
    """
