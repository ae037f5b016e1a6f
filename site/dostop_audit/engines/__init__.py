"""The rule engines the audit runs in each page (axe-core and IBM Equal Access, pinned in
package.json), the ACT Rules mapping that says which of their rules count for which ACT rule,
and the conformance and EARL reports built on it."""

from dostop_audit.engines.run import ENGINES, EngineResults, run_engines, versions

__all__ = ["ENGINES", "EngineResults", "run_engines", "versions"]
