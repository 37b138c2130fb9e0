# Một Cửa QMS — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PO_FILES := $(shell find locale -name '*.po')
MO_FILES := $(PO_FILES:.po=.mo)
APT_GET := $(if $(filter 0,$(shell id -u)),,sudo )apt-get

.PHONY: run install messages test test-services test-e2e bench lint format makemessages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) messages

# gettext's msgfmt compiles the Vietnamese catalogues (installed by apt if missing).
%.mo: %.po
	@command -v msgfmt >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq gettext >/dev/null; }
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Một Cửa QMS: http://127.0.0.1:8000/  (quản trị: http://127.0.0.1:8000/admin/)"
	@echo "Tài khoản mẫu (mật khẩu Demo@2026): admin, thuky (Thư ký ISO), lanhdao (Lãnh đạo),"
	@echo "  phochutich (Phó Chủ tịch, soát xét),"
	@echo "  danhgia (Đánh giá viên nội bộ), congchuc (Công chức), giamsat (Giám sát)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the project catalogue from the sources (Wagtail's strings live in locale/wagtail).
makemessages: $(STAMP)
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='locale/*' --ignore='artifacts/*' --ignore='static_collected/*'

test: install lint
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=qms.settings.test $(PY) manage.py check
	$(VENV)/bin/pytest -n auto -m "not services and not e2e" -q --durations=15

test-services: install
	@command -v redis-server >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq redis-server >/dev/null; }
	scripts/with-services.sh $(VENV)/bin/pytest -m services -q

test-e2e: install
	@command -v chromium >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium fonts-noto-core >/dev/null; }
	$(VENV)/bin/pytest -m e2e -q tests/e2e

bench: install
	@command -v qpdf >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq qpdf >/dev/null; }
	@command -v redis-server >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq redis-server >/dev/null; }
	$(PY) bench/portal_home.py
	$(PY) bench/public_page.py
	$(PY) bench/stamp_vs_qpdf.py
	$(PY) bench/nc_list.py
	$(PY) bench/audit_checklist.py
	$(PY) bench/objectives_overview.py
	scripts/with-services.sh $(PY) bench/search_pg.py
	scripts/with-services.sh $(PY) bench/ack_fanout.py
	scripts/with-services.sh $(PY) bench/province_screens.py
	scripts/with-services.sh $(PY) bench/portal_load.py
	scripts/with-services.sh $(PY) bench/dossier_import.py
	scripts/with-services.sh $(PY) bench/province_overview.py

clean:
	rm -rf $(VENV) artifacts static_collected db.sqlite3 $(MO_FILES)
