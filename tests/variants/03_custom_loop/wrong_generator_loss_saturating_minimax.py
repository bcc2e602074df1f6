"""Wrong: the saturating minimax loss, minimising log(1 - D(G(z))) as the negative of D's fake term."""
# loses: test_generator_loss

# %% generator_loss
def generator_loss(fake_output):
    return -cross_entropy(tf.zeros_like(fake_output), fake_output)
