"""Training a network of the Network tab on labelled points, as the course's spiral notebook.

No Qt; torch is imported inside the functions. The parts, each in its own module:

``config``    :class:`TrainingConfig`: loss (cross-entropy or MSE), Adam or SGD with momentum,
              learning rate, weight decay, batch size (0: full batch), test fraction, steps, seed.
``setup``     :func:`make_setup` (net + :class:`LabelledData` + config, checked: the output
              width must be the class count) -> :class:`TrainingSetup`.
``points``    :func:`clicked_data`: points a user clicks, checked into :class:`LabelledData`.
``recipe``    the notebook's presets ``spiral-linear`` and ``spiral-mlp``: :func:`preset_setup`.
``weights``   :class:`NetWeights` (a ``state_dict`` as numpy) and :func:`build_model`.
``trainer``   :class:`Trainer` (live, one device): ``run(n)`` -> :class:`StepsReport` with the
              loss / accuracy (and test) curves and the next :class:`TrainingState` (numpy).
``saved_net`` :func:`save_trained_net`: a ``state_dict`` file and the code that rebuilds it.
``saved_state`` :func:`state_to_dict` / :func:`state_from_dict`: a run's state in a session.
``timeline``  :class:`SnapshotTimeline`: at most 200 weight snapshots, thinned as a run grows.
``regions``   :func:`decision_regions` and :func:`energy` F(x, k) over a grid.
``stages``    :func:`training_stages`: each layer's space on the current weights, PCA axes
              fixable per run.

The worker's jobs wrapping these are in ``linviz_gui/compute/training_jobs.py``.
"""
