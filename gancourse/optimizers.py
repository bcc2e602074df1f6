"""A compiled model's first train step, traced once: what the tests of the train steps call.

Keras builds a model's optimizer (Adam's two slots per weight) in its first train step, inside
the ``tf.function`` it traces; a function that creates variables is traced twice, so a fresh
model's first ``train_on_batch`` costs two traces: 1.0 s for lesson 01's GAN on a 2-core
machine, 0.5 s once its optimizer is built (benchmarks/README.md, "The Check button").
The tests call ``build_optimizer`` right before a fresh model's first ``train_on_batch``.
"""


def build_optimizer(model):
    """Build MODEL's optimizer now, as its first train step would build it: for the weights it
    trains at this moment (Keras's ``train_step`` applies the gradients of ``model.trainable_weights``,
    read when its train function is traced). Nothing is done unless MODEL is compiled, trains with
    Keras's own ``train_step``, has weights to train and an optimizer not built yet."""
    import keras  # here, not at the top: the notebooks import gancourse before TensorFlow

    optimizer = getattr(model, "optimizer", None)
    if (optimizer is None or optimizer.built or getattr(type(model), "train_step", None) is not keras.Model.train_step
            or not model.trainable_weights):
        return
    with keras.name_scope(optimizer.name, caller=optimizer):  # as the optimizer's own apply() does
        optimizer.build(model.trainable_weights)
