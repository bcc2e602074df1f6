"""D's loss without its fake term, and its test cell tagged skip-execution (nbclient skips such cells): the course runs it anyway, and it fails."""
# loses: test_discriminator_loss
# tag skip-execution: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    return cross_entropy(tf.ones_like(real_output), real_output)
