# de06metrics — `make help` lists the targets. Every target sets up what it needs first
# (idempotent; about 0.2 s when already set up).
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
AS_OF ?=

.PHONY: help setup build report test lint format bench fuzz lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## Create .venv, install locked deps, chromium and fonts (idempotent)
	@bash scripts/setup.sh

build: setup ## Build data/clean/ from data/raw/ (validated long table + summary)
	@$(BIN)/de06 raw verify
	@$(BIN)/de06 build

report: build ## The main job: build the table, render trend + progress reports for the latest date
	@$(BIN)/de06 report all --jobs 2

test: setup ## Lint and run the whole test suite (what CI runs)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/pytest -q -n auto

lint: setup ## Ruff: lint and format check
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup ## Ruff: fix what can be fixed and format
	@$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: setup ## Benchmarks at the sizes the targets name (~25 min; see docs/performance.md)
	@$(BIN)/python bench/bench_cli.py
	@$(BIN)/python bench/bench_parse.py
	@$(BIN)/python bench/bench_extract.py --articles 100000 --jobs 2
	@$(BIN)/python bench/bench_build.py --rows 10000000 --floor
	@$(BIN)/python bench/bench_reports.py

lab: setup ## Start JupyterLab on notebooks/ with the project's kernel
	@$(BIN)/jupyter lab --no-browser --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

clean: ## Remove rebuilt outputs (data/clean, reports); keeps .venv and data/raw
	@rm -rf data/clean/* reports/* && touch data/clean/.gitkeep reports/.gitkeep

fuzz: setup ## Long fuzz run: 1M random strings through the parsers and the extractor (~16 min)
	@$(BIN)/python bench/fuzz.py
