"""Correct: the losses written with tf.nn.sigmoid_cross_entropy_with_logits and reduce_mean."""
# loses: nothing

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    real = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(real_output), logits=real_output)
    fake = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(fake_output), logits=fake_output)
    return tf.reduce_mean(real) + tf.reduce_mean(fake)

# %% generator_loss
def generator_loss(fake_output):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(fake_output), logits=fake_output))
