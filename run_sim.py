"""Run cqsim from the command line: ``python run_sim.py --help``."""

from sim.cli import console

if __name__ == "__main__":
    console()
