"""Every bad spec gets exit 2 and one line naming file, exercise and field; the schemas document
themselves (README table, `tdgrad list --help`)."""

import re

import pytest

from tdgrad import cli, schema
from tdgrad.exercises import EXERCISES

HEAD = 'title = "x"\n[[exercise]]\n'
BAD = {  # kind -> [(the exercise's lines, the field the message must name)]
    "softmax_ce": [("layers = 3", "field 'layers'"), ("layers = [2, 2, 1]", "field 'layers[2]'"),
                   ("data = [{ x = [1, 2], y = 0, z = 1 }]", "field 'data[0]': unknown field 'z'"),
                   ("data = [{ x = [1, 2], y = 3 }]", "field 'data[0].y'"),
                   ("data = [{ x = [1], y = 0 }]", "field 'data[0].x'"),
                   ("data = []", "field 'data'")],
    "network_function": [("hidden_weights = 5", "field 'hidden_weights'"),
                         (f"hidden_weights = [{', '.join(['1'] * 30)}]", "field 'hidden_weights'"),
                         ("at = nan", "field 'at'"), ("at = inf", "field 'at'"),
                         ("hidden_weights = [1, 2]\nhidden_biases = [1]", "field 'hidden_biases'")],
    "trace": [('expression = "5"', "field 'expression'"),
              ('expression = "log(x1)"\nat = { x1 = -1 }', "'at'"),
              ('expression = "1/x"\nat = { x = 0 }', "'at'"),
              ('expression = "x*y"\nat = { x = 1 }', "field 'at'"),
              ('expression = "x*y"\nat = { x = 1, y = "2" }', "field 'at.y'"),
              ('expression = "x"\nwrt = "y"', "field 'wrt'"),
              ("expression = 5", "field 'expression'"),
              ('expression = "__import__(1)"', "field 'expression'")],
    "sigmoid_ad": [("a = 1000", "field 'a'"), ("x = 1e200", "field 'x'"), ('x = "1"', "field 'x'"),
                   ("b = 1", "unknown field 'b'")],
    "batch_sgd": [("batch_sizes = []", "field 'batch_sizes'"),
                  ("batch_sizes = [true]", "field 'batch_sizes[0]'"),
                  ("data = [[1, 2], [2, 4]]\nbatch_sizes = [4]", "field 'batch_sizes[0]'"),
                  ("batch_sizes = [1, 1]", "field 'batch_sizes'"),
                  ("data = [[1, 2, 3], [2, 4]]", "field 'data[0]'"),
                  ("learning_rate = 0", "field 'learning_rate'")],
    "mlp": [("y = true", "field 'y'"), ("learning_rate = 0", "field 'learning_rate'"),
            ("learning_rate = -1", "field 'learning_rate'"),
            ('weights = [[["0.1", 0.8], [0.4, 0.6]], [[0.3, 0.9]]]', "field 'weights[0][0][0]'"),
            ('activation = ["relu", "tanh"]', "did you mean 'activations'?"),
            ("layers = [2, 17, 1]", "field 'layers[1]'"),
            ("layers = [2, 2, 2, 2, 2, 2, 1]", "field 'layers'"),
            ('activations = ["softmax", "tanh"]', "field 'activations'"),
            ('loss = "mae"', "field 'loss'"), ("x = [1, 2, 3]", "field 'x'")],
    "classification": [("d = 9", "field 'd'"), ("m = 3\ny = 3", "field 'y'"),
                       ("d = 2\nx = [1]", "field 'x'")],
    "convolution": [("w = [1, 2, 3]", "field 'w'"), ("learning_rate = -0.1", "field 'learning_rate'")],
    "cross_validation": [("labels = [1, 2, 3, 4]", "field 'labels[0]'"),
                         ("labels = [" + ", ".join(['"A"'] * 41) + "]", "field 'labels'"),
                         ('labels = ["A", "A", "B", "B"]\np = 4', "field 'p'"), ("k = 11", "field 'k'")],
    "backprop_deltas": [('f1 = "sigmoïd"', "did you mean 'sigmoid'?"), ("b = [1, 2]", "field 'b'")],
    "identities": [('which = ["nope"]', "field 'which[0]'"), ("which = []", "field 'which'")],
    "grid_search": [('model = "SVC"\ngrid = { C = [1, 2], kernal = ["rbf", "poly"] }', "did you mean 'kernel'?"),
                    ('grid = { C = [1, 2], kernel = ["rbf", "poly"] }', "field 'grid'"),
                    ("k = 5\nn = 3", "field 'n'"), ("outer_k = 1", "field 'outer_k'")],
}
TOP = [('title = "TD 😀"', "field 'title'"), ('title = "TD \\u0007"', "field 'title'"),
       ("seed = -1", "field 'seed'"), ("seed = 1.5", "field 'seed'"), ('language = "de"', "field 'language'"),
       ("titel = 1", "did you mean 'title'?")]
CASES = [(kind, f'{HEAD}kind = "{kind}"\n{lines}\n', expected)
         for kind, rows in BAD.items() for lines, expected in rows]
CASES += [("top", f'{lines}\n[[exercise]]\nkind = "sigmoid_ad"\n', expected) for lines, expected in TOP]


def run(tmp_path, text: str | bytes, capsys):
    path = tmp_path / "bad.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    code = cli.main(["generate", str(path), "--out", str(tmp_path / "out"), "--tex-only"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind, text, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bad_spec_exit_2_one_line_naming_the_field(tmp_path, capsys, kind, text, expected):
    code, err = run(tmp_path, text, capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err and "bad.toml" in err
    if kind != "top":
        assert f"exercise 1 ({kind})" in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_every_kind_has_a_bad_spec_table():
    assert set(BAD) == set(EXERCISES)


def test_byte_order_mark_is_named(tmp_path, capsys):
    code, err = run(tmp_path, b"\xef\xbb\xbf" + (HEAD + 'kind = "sigmoid_ad"\n').encode(), capsys)
    assert code == 2 and "byte-order mark" in err and len(err.strip().splitlines()) == 1


def test_typographic_titles_are_accepted(tmp_path, capsys):
    text = 'title = "TD n°1 — « Réseaux » : l’œuvre…"\n[[exercise]]\nkind = "sigmoid_ad"\n'
    code, err = run(tmp_path, text, capsys)
    assert code == 0, err


def test_every_field_an_exercise_reads_is_declared():
    for kind, unit in EXERCISES.items():
        assert unit.FIELDS, kind
        for name, t in unit.FIELDS.items():
            assert isinstance(t, schema.Type) and t.describe()
            assert t.drawn or t.default is not None or name in ("loss", "wrt"), (kind, name)


def test_references_resolve_against_defaults():
    fields = {"n": schema.Integer(1, 9, drawn=False, default=3),
              "v": schema.ListOf(schema.Number(), "n")}
    assert schema.validate(fields, {"v": [1, 2, 3]}, "w")["v"] == [1.0, 2.0, 3.0]
    with pytest.raises(Exception, match="field 'v': expected a list of 2 numbers"):
        schema.validate(fields, {"n": 2, "v": [1, 2, 3]}, "w")


def test_readme_field_table_is_generated_from_the_schemas(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- fields: generated.*?-->\n(.*?)\n<!-- end of fields -->", readme, re.S)
    assert block, "README lacks the generated field table"
    assert block.group(1).strip() == schema.markdown(EXERCISES.values()).strip(), \
        "README field table is stale: paste the output of `tdgrad list --markdown`"


def test_list_help_shows_every_field_and_whether_it_is_drawn(capsys):
    with pytest.raises(SystemExit):
        cli.main(["list", "--help"])
    out = capsys.readouterr().out
    for kind, unit in EXERCISES.items():
        assert kind in out
        for name in unit.FIELDS:
            assert f"    {name}: " in out
    assert "drawn at random" in out and "default [1, 2, 4]" in out
