"""The CLI in-process: user errors print one line, no traceback, and exit 2."""

from traaser.cli import main


def test_check_reports_the_demo_case(capsys, monkeypatch):
    from conftest import REPO
    monkeypatch.chdir(REPO)
    assert main(["check", "--configfile", "config/config.yaml"]) == 0
    assert "demo-trio: GRCh37, proband HG002, 3 sample(s)" in capsys.readouterr().out


def test_user_error_is_one_clean_line(capsys, tmp_path):
    assert main(["check", "--configfile", str(tmp_path / "absent.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("traaser: error:") and "absent.yaml" in err and "Traceback" not in err
