"""Correct: build_generator writes to stderr, which costs nothing: a test's points come from its assertions.

It lost three tests while nbgrader's rule held (any stderr in a test cell: 0). The course's
StderrAsNote (autograder/preprocessors.py) moves a test cell's stderr to its stdout under a
note, so this print shows in the feedback and every assertion still decides.
"""
# loses: nothing

# %% build_generator
def build_generator(noise_dim=100):
    import sys
    print("building the generator", file=sys.stderr)
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    for units in (256, 512, 1024):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="tanh"))
    model.add(Reshape((28, 28, 1)))
    return model
