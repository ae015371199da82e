package com.dispatchbot.cli.ops;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars of the ops commands: on stderr (stdout carries the result, which may be piped),
 * ASCII so they survive any terminal and log file.
 */
final class Progress {
  private Progress() {}

  static ProgressBar bar(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build();
  }
}
