"""The public record: the second seed layer, read from the YAML files here (see README.md).

`PublicRecord.read(directory)` parses every `*.yaml` file and checks it (validate.py): all
errors at once, each with its file and record id, before anything is written. Then
`load_seed_network` passes `article_extras()` (facts about article records) to the article
loader and calls `load(writer)` (load.py), both through the one seed writer
(directory/seed/records.py) that never overwrites an editor.
"""

from pathlib import Path

import yaml

from ..records import SeedWriter
from .validate import Checked, Validator

PUBLIC_DIR = Path(__file__).resolve().parent


class PublicRecordError(Exception):
    """The files have errors; the message lists every one."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(
            f"The public record has {len(errors)} error(s):\n" + "\n".join(f"  {error}" for error in errors)
        )


class PublicRecord:
    def __init__(self, checked: Checked):
        self.checked = checked

    @classmethod
    def read(cls, directory: Path = PUBLIC_DIR) -> "PublicRecord":
        documents, errors = {}, []
        for path in sorted(Path(directory).glob("*.yaml")):
            try:
                with open(path, encoding="utf-8") as f:
                    documents[path.name] = yaml.safe_load(f)
            except yaml.YAMLError as error:
                errors.append(f"{path.name}: YAML: {error}")
        checked = Validator(documents).run()
        errors += checked.errors
        if errors:
            raise PublicRecordError(errors)
        return cls(checked)

    def article_extras(self) -> dict[str, dict]:
        """Field values, aliases and note lines the files add to article organisations."""
        from .load import PublicLoader  # reads the database: imported when used

        return PublicLoader(self.checked, writer=None).article_extras()

    def load(self, writer: SeedWriter) -> None:
        from .load import PublicLoader

        PublicLoader(self.checked, writer).load()
        writer.flush()

    @property
    def counts(self) -> dict[str, int]:
        c = self.checked
        return {
            "sources": len(c.sources),
            "organisations": len(c.organisations),
            "people": len(c.people),
            "events": len(c.events),
            "memberships": len(c.memberships),
            "positions": len(c.positions),
        }
