"""Wrong: D's loss forgets the fake term, so D never learns to reject fakes."""
# loses: test_discriminator_loss

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    return cross_entropy(tf.ones_like(real_output), real_output)
