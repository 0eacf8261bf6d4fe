#!/usr/bin/env python
"""How many real episodes does model-free DDPG need? Trains one DDPG agent on the real pack (the Cycle-0 config's
env, reward and agent) and, after each budget of real episodes, judges its policy on the Cycle-0 run's three
starting conditions. Prints one JSON line per budget and, last, the whole sweep as one JSON object.

    python scripts/model_free_sweep.py --config configs/pack_3p6s_spme.yaml --run runs/cycle0 --episodes 10 30 60 100
"""
import argparse, json, sys, time
from pathlib import Path
import numpy as np
from fastcharge_nb.config import load_config, seed_everything
from fastcharge_nb.env import PackChargeEnv
from fastcharge_nb.agents.ddpg import DDPG, train
from fastcharge_nb.protocols import evaluate


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True, help="Cycle-0 YAML config (env, reward, agent)")
    p.add_argument("--run", required=True, help="finished Cycle-0 run folder (its metrics.json gives the conditions and the policy's time)")
    p.add_argument("--episodes", type=int, nargs="+", default=[10, 30, 60, 100], help="cumulative real-episode budgets")
    a = p.parse_args(argv)
    cfg, m = load_config(a.config), json.loads((Path(a.run)/"metrics.json").read_text())
    steps_per_episode = m["real_steps"] / m["real_episodes"]          # the budget unit of the Cycle-0 run
    rng = seed_everything(cfg.seed); env = PackChargeEnv.from_config(cfg, rng); ag = cfg.agent
    agent = DDPG.for_env(env, ag, seed=cfg.seed)
    out, t0 = {"policy_time_to_target_s": m["policy"]["time_to_target_s"], "budgets": {}}, time.time()
    for n in sorted(a.episodes):
        steps = int(round(n * steps_per_episode))
        train(agent, env, steps, None, learning_starts=min(ag.learning_starts, steps // 2), updates_per_step=ag.updates_per_step,
              progress=False, seed=cfg.seed)
        r = evaluate(agent.policy(), env, conditions=m["conditions"])["summary"]
        out["budgets"][n] = {k: r[k] for k in ("time_to_target_s", "max_cell_V_max", "max_cell_T_max", "violation_steps", "reached_all")}
        print(json.dumps({"episodes": n, "real_steps": steps, "wall_s": round(time.time() - t0), **out["budgets"][n]}, default=float), flush=True)
    print(json.dumps(out, default=float))


if __name__ == "__main__": sys.exit(main())
