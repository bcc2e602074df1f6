"""Wrong: the generator's fakes compared against zeros, so G learns to look fake."""
# loses: test_generator_loss

# %% generator_loss
def generator_loss(fake_output):
    return cross_entropy(tf.zeros_like(fake_output), fake_output)
