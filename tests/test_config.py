import pytest

from toolkit.config import ConfigError, build_config, load_config


def test_defaults_are_complete():
    config = build_config({})
    assert config.embed.encoder == "use-multilingual-v3"
    assert config.embed.component_settings("encoder") == {}
    transformers = build_config({"embed": {"encoder": "sentence-transformers"}})
    assert transformers.embed.component_settings("encoder") == {"model": None, "trust_remote_code": False}


def test_a_component_setting_belongs_to_its_component():
    with pytest.raises(ConfigError) as error:
        build_config({"embed": {"model": "models/LaBSE"}})  # the default encoder takes no model
    message = str(error.value)
    assert "unknown key 'embed.model'" in message and "it is a setting of encoder 'sentence-transformers'" in message
    with pytest.raises(ConfigError, match="cluster.algorithm: unknown clustering algorithm 'kmeans'; registered "
                                          "clustering algorithms: connected-components, hdbscan, leiden"):
        build_config({}, ["cluster.algorithm=kmeans"])
    with pytest.raises(ConfigError, match="'vague_bounds'"):
        build_config({}, ["extract.vague_bounds=acled-ish"])
    assert build_config({}, ["cluster.algorithm=leiden", "cluster.resolution=2"]).cluster.component_settings(
        "algorithm") == {"resolution": 2.0}


def test_unknown_key_names_the_key_and_the_allowed_ones():
    with pytest.raises(ConfigError) as error:
        build_config({"cluster": {"treshold": 0.5}})
    message = str(error.value)
    assert "unknown key 'cluster.treshold'" in message
    assert "threshold" in message and "window_days" in message


def test_wrong_type_names_the_key():
    with pytest.raises(ConfigError, match=r"'cluster.threshold'"):
        build_config({"cluster": {"threshold": "high"}})


def test_overrides_are_parsed_as_yaml():
    config = build_config({}, ["cluster.threshold=0.7", "ingest.languages=[ar]"])
    assert config.cluster.threshold == 0.7
    assert config.ingest.languages == ["ar"]
    with pytest.raises(ConfigError, match="key=value"):
        build_config({}, ["cluster.threshold"])


def test_load_config_resolves_relative_input_and_refuses_non_mappings(tmp_path):
    (tmp_path / "exp.yaml").write_text("input:\n  path: data/r.csv\n", encoding="utf-8")
    assert load_config(tmp_path / "exp.yaml").input.path == str(tmp_path / "data" / "r.csv")
    (tmp_path / "bad.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(tmp_path / "bad.yaml")
    (tmp_path / "unsafe.yaml").write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(tmp_path / "unsafe.yaml")


def test_run_name_cannot_point_outside_the_runs_directory():
    for name in ("../outside", "/tmp/x", "a/b", ".hidden", ""):
        with pytest.raises(ConfigError, match="'name'"):
            build_config({"name": name})
    assert build_config({"name": "fakes_agreement-v2.1"}).name == "fakes_agreement-v2.1"
