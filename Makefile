# Two commands do everything on a fresh clone (see README.md):
#   make course   build the course: environment, data, run every notebook, print the results table
#   make test     the test command (CI runs it): sync, clean, notebooks, docs pipeline, pytest
.PHONY: course test env docs bench clean
course:
	bash tools/course.sh
test:
	bash tools/test.sh
env:
	bash tools/env.sh
docs:
	bash -c 'source tools/common.sh && python tools/docs.py proc && { command -v quarto >/dev/null && nbdev_docs || echo "nbdev_docs skipped: no quarto on PATH"; }'
bench:
	bash -c 'source tools/common.sh && python -m mnist_basics.benchmarks'
clean:
	rm -rf _proc _docs _results
