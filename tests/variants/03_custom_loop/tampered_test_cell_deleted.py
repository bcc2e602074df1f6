"""D's loss without its fake term, and its test cell deleted: nbgrader adds it back (add_missing_cells), and it fails."""
# loses: test_discriminator_loss
# delete: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    return cross_entropy(tf.ones_like(real_output), real_output)
