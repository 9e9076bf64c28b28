"""The benchmark: its scripts, and the synthetic network it measures (bench/synthetic.py),
which `manage.py generate_network` writes into a database."""
