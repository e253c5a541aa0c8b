package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  @Test
  void minimumRetriesAreAllowedWithNothingActive() {
    RetryBudget budget = new RetryBudget(0.2, 3);
    assertThat(budget.tryStartRetry()).isTrue();
    assertThat(budget.tryStartRetry()).isTrue();
    assertThat(budget.tryStartRetry()).isTrue();
    assertThat(budget.tryStartRetry()).isFalse();
    assertThat(budget.retrying()).isEqualTo(3);
  }

  @Test
  void budgetGrowsWithActiveRequestsAndShrinksBack() {
    RetryBudget budget = new RetryBudget(0.2, 1);
    for (int i = 0; i < 50; i++) {
      budget.requestStarted();
    }
    int granted = 0;
    while (budget.tryStartRetry()) {
      granted++;
    }
    assertThat(granted).isEqualTo(10);
    for (int i = 0; i < 50; i++) {
      budget.requestFinished();
    }
    budget.retryFinished();
    assertThat(budget.tryStartRetry()).isFalse();
    for (int i = 0; i < 9; i++) {
      budget.retryFinished();
    }
    assertThat(budget.retrying()).isZero();
    assertThat(budget.tryStartRetry()).isTrue();
  }

  @Test
  void zeroBudgetAllowsNoRetries() {
    RetryBudget budget = new RetryBudget(0, 0);
    budget.requestStarted();
    assertThat(budget.tryStartRetry()).isFalse();
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> new RetryBudget(1.5, 1)).hasMessageContaining("ratio");
    assertThatThrownBy(() -> new RetryBudget(0.2, -1)).hasMessageContaining("minimum");
  }
}
